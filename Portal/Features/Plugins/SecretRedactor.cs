using System.Text.RegularExpressions;

namespace Notarial.Portal.Features.Plugins;

/// <summary>
/// Removes from a log line anything shaped like a credential: the portal's API keys and webhook secrets, JWTs, bearer
/// and basic headers, "secret=..." / "token: ..." / "password" pairs, and long runs of key-like characters (client
/// secrets, hex digests). It errs on the side of hiding: a log line is for reading what happened, not for copying values.
/// </summary>
public static partial class SecretRedactor
{
    public const string Mask = "[redacted]";

    public static string Redact(string line)
    {
        line = KnownFormats().Replace(line, Mask);
        line = Headers().Replace(line, m => m.Groups[1].Value + Mask);
        line = Pairs().Replace(line, m => m.Groups[1].Value + m.Groups[2].Value + Mask);
        return LongRuns().Replace(line, Mask);
    }

    [GeneratedRegex(@"notary_(?:test_)?[0-9A-Za-z]{32}|whsec_[0-9A-Za-z]{16,}|eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")]
    private static partial Regex KnownFormats();

    [GeneratedRegex(@"(?i)\b((?:bearer|basic)\s+)[A-Za-z0-9._~+/=-]{8,}")]
    private static partial Regex Headers();

    [GeneratedRegex(@"(?i)((?:client[_-]?secret|secret|access[_-]?token|refresh[_-]?token|id[_-]?token|token|password|passwd|pwd|api[_-]?key|authorization|private[_-]?key)[""']?)(\s*[:=]\s*[""']?)[^\s""',;}&]+")]
    private static partial Regex Pairs();

    [GeneratedRegex(@"[A-Za-z0-9_\-]{32,}")]
    private static partial Regex LongRuns();
}
