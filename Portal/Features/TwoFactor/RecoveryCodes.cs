using System.Security.Cryptography;
using System.Text;

namespace Notarial.Portal.Features.TwoFactor;

/// <summary>
/// Recovery codes: 16 characters of Crockford's base32 (80 bits from a CSPRNG) shown as four groups,
/// <c>k3m9-xq2t-7hcd-w4pa</c>. Typing is forgiving: case, spaces and dashes do not matter, and the letters Crockford
/// leaves out read as the digits they look like (o → 0, i and l → 1).
/// </summary>
public static class RecoveryCodes
{
    /// <summary>How many codes a user gets at a time.</summary>
    public const int Count = 10;

    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    private const int Length = 16;

    public static IReadOnlyList<string> Generate(int count = Count)
    {
        var codes = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var chars = RandomNumberGenerator.GetItems<char>(Alphabet, Length);
            codes.Add(string.Join('-', Enumerable.Range(0, Length / 4).Select(g => new string(chars, g * 4, 4))));
        }

        return codes;
    }

    /// <summary>The canonical form of a typed code (16 lower-case characters), or null when it cannot be a code.</summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 64)
        {
            return null;
        }

        var canonical = new StringBuilder(Length);
        foreach (var c in input.Trim().ToLowerInvariant())
        {
            var mapped = c switch
            {
                ' ' or '-' => '\0',
                'o' => '0',
                'i' or 'l' => '1',
                _ => c,
            };
            if (mapped == '\0')
            {
                continue;
            }

            if (!Alphabet.Contains(mapped, StringComparison.Ordinal))
            {
                return null;
            }

            canonical.Append(mapped);
        }

        return canonical.Length == Length ? canonical.ToString() : null;
    }

    /// <summary>What is stored for a code: the lower-case hex SHA-256 of its canonical form.</summary>
    public static string Hash(string normalized) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(normalized)));
}
