using System.Security.Cryptography;

namespace Notarial.Portal.Features.Platform;

/// <summary>Ids of platform records: a type prefix and 20 characters, sortable by creation (a millisecond timestamp
/// first), unguessable after it — e.g. ord_01JD3K8X2V9QW4ZP7M5T.</summary>
public static class RecordIds
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New(string prefix, DateTimeOffset now)
    {
        Span<char> id = stackalloc char[20];
        var ms = now.ToUnixTimeMilliseconds();
        for (var i = 9; i >= 0; i--)
        {
            id[i] = Alphabet[(int)(ms & 31)];
            ms >>= 5;
        }

        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        for (var i = 0; i < 10; i++)
        {
            id[10 + i] = Alphabet[random[i] & 31];
        }

        return prefix + "_" + new string(id);
    }
}
