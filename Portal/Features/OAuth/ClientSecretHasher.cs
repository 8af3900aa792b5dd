using System.Security.Cryptography;
using System.Text;

namespace Notarial.Portal.Features.OAuth;

/// <summary>
/// Client secrets are 256-bit random values, so a fast hash is enough (as for API keys): SHA-256, compared in constant
/// time. A slow KDF would cost every client-credentials request its CPU for no security gain.
/// </summary>
public static class ClientSecretHasher
{
    private const string Prefix = "sha256:";

    /// <summary>A new secret: 43 characters of base64url (no '+', '/' or '=' that naive Basic-auth clients mangle).</summary>
    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) => Prefix + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Verify(string secret, string? stored)
    {
        if (stored is null || !stored.StartsWith(Prefix, StringComparison.Ordinal) || secret.Length > 512)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[32];
        if (!Convert.TryFromBase64String(stored[Prefix.Length..], expected, out var written) || written != 32)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(secret), actual);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
