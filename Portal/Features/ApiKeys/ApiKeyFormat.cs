using System.Buffers;
using System.Security.Cryptography;
using Notarial.Portal.Features.Platform;

namespace Notarial.Portal.Features.ApiKeys;

/// <summary>
/// The API key format: <c>notary_</c> (live) or <c>notary_test_</c> (test), then 32 base62 characters — 26 from a CSPRNG
/// (62^26 ≈ 2^154) and a 6-character checksum. The checksum is the CRC-32 (zlib's <c>crc32</c>) of the ASCII bytes of
/// everything before it, i.e. the prefix and the 26 random characters, written as a base62 number (alphabet
/// <c>0-9A-Za-z</c>, most significant digit first, left-padded with <c>0</c>). So a mistyped or invented key is refused
/// without a database lookup, and a secret scanner can check a match offline:
/// <c>crc32(key[:-6]) == base62_decode(key[-6:])</c>. Validation allocates nothing: it runs on every request.
/// </summary>
public static class ApiKeyFormat
{
    public const string LivePrefix = "notary_";
    public const string TestPrefix = "notary_test_";
    public const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    public const int RandomLength = 26;
    public const int ChecksumLength = 6;
    public const int LiveLength = 7 + RandomLength + ChecksumLength;
    public const int TestLength = 12 + RandomLength + ChecksumLength;

    /// <summary>The longest well-formed key; anything longer is refused before it is looked at.</summary>
    public const int MaxLength = TestLength;

    private static readonly SearchValues<char> Base62 = SearchValues.Create(Alphabet);

    /// <summary>A new key for <paramref name="environment"/> ("live" or "test").</summary>
    public static string Generate(string environment)
    {
        var prefix = PrefixOf(environment);
        return string.Create(prefix.Length + RandomLength + ChecksumLength, prefix, static (span, prefix) =>
        {
            prefix.CopyTo(span);
            RandomNumberGenerator.GetItems(Alphabet.AsSpan(), span.Slice(prefix.Length, RandomLength));
            WriteBase62(Crc32.OfAscii(span[..^ChecksumLength]), span[^ChecksumLength..]);
        });
    }

    /// <summary>Whether <paramref name="key"/> has the key format and a correct checksum.</summary>
    public static bool IsValid(ReadOnlySpan<char> key) => TryGetEnvironment(key, out _);

    /// <summary>Checks format and checksum; on success tells the environment the key is for.</summary>
    public static bool TryGetEnvironment(ReadOnlySpan<char> key, out string environment)
    {
        environment = "";
        int prefixLength;
        if (key.Length == TestLength && key.StartsWith(TestPrefix, StringComparison.Ordinal))
        {
            prefixLength = TestPrefix.Length;
            environment = PlatformEnvironments.Test;
        }
        else if (key.Length == LiveLength && key.StartsWith(LivePrefix, StringComparison.Ordinal))
        {
            prefixLength = LivePrefix.Length;
            environment = PlatformEnvironments.Live;
        }
        else
        {
            return false;
        }

        if (key[prefixLength..].ContainsAnyExcept(Base62) || !TryReadBase62(key[^ChecksumLength..], out var checksum) ||
            checksum != Crc32.OfAscii(key[..^ChecksumLength]))
        {
            environment = "";
            return false;
        }

        return true;
    }

    /// <summary>Whether a string starts like a key of either environment (for refusing keys where they must not be).</summary>
    public static bool LooksLikeKey(ReadOnlySpan<char> value) => value.TrimStart().StartsWith(LivePrefix, StringComparison.Ordinal);

    /// <summary>The display hint kept with the key: prefix, first four and last four characters (<c>notary_xK9m…7bN9</c>).</summary>
    public static string Hint(string key)
    {
        var prefixLength = key.StartsWith(TestPrefix, StringComparison.Ordinal) ? TestPrefix.Length : LivePrefix.Length;
        return string.Concat(key.AsSpan(0, prefixLength + 4), "…", key.AsSpan(key.Length - 4));
    }

    public static string PrefixOf(string environment) => environment switch
    {
        PlatformEnvironments.Live => LivePrefix,
        PlatformEnvironments.Test => TestPrefix,
        _ => throw new ArgumentOutOfRangeException(nameof(environment), environment, "The environment is live or test."),
    };

    private static void WriteBase62(uint value, Span<char> destination)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = Alphabet[(int)(value % 62)];
            value /= 62;
        }
    }

    private static bool TryReadBase62(ReadOnlySpan<char> digits, out uint value)
    {
        ulong result = 0;
        foreach (var c in digits)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'A' and <= 'Z' => c - 'A' + 10,
                >= 'a' and <= 'z' => c - 'a' + 36,
                _ => -1,
            };
            if (digit < 0)
            {
                value = 0;
                return false;
            }

            result = (result * 62) + (ulong)digit;
        }

        value = (uint)result;
        return result <= uint.MaxValue;
    }
}
