using System.Security.Cryptography;

namespace Notarial.Portal.Features.ApiKeys;

/// <summary>
/// SHA-256 of the whole key (prefix included), over its ASCII bytes. Keys carry over 150 random bits, so a fast unsalted
/// hash is right (PRODUCT.md): guessing a preimage is as hopeless as guessing the key, and a fast hash keeps verification
/// cheap. The server finds a key by its hash; it never compares secrets as strings.
/// </summary>
public static class ApiKeyHasher
{
    /// <summary>Hashes a key; callers pass well-formed keys (<see cref="ApiKeyFormat.IsValid"/>), which are ASCII and short.</summary>
    public static ApiKeyHash Hash(ReadOnlySpan<char> key)
    {
        if (key.Length > ApiKeyFormat.MaxLength)
        {
            throw new ArgumentException("Not a key: too long.", nameof(key));
        }

        Span<byte> ascii = stackalloc byte[ApiKeyFormat.MaxLength];
        for (var i = 0; i < key.Length; i++)
        {
            ascii[i] = (byte)key[i];
        }

        Span<byte> digest = stackalloc byte[ApiKeyHash.Size];
        SHA256.HashData(ascii[..key.Length], digest);
        return ApiKeyHash.FromBytes(digest);
    }
}
