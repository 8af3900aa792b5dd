using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Notarial.Portal.Features.Webhooks;

/// <summary>
/// Signing secrets: <c>whsec_</c> and 32 base62 characters from a CSPRNG (about 190 bits), shown once, stored encrypted
/// with Data Protection because the server must read them back to sign every delivery.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    public const string Prefix = "whsec_";
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private readonly IDataProtector _protector = provider.CreateProtector("Notarial.Portal.Webhooks.SigningSecret.v1");

    public static string Generate()
    {
        Span<char> chars = stackalloc char[32];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return Prefix + new string(chars);
    }

    public static string Hint(string secret) => secret[..(Prefix.Length + 4)] + "…";

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
