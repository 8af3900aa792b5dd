namespace Notarial.Portal.Features.ApiKeys;

/// <summary>
/// CRC-32/ISO-HDLC (the zlib, PNG and Ethernet CRC: polynomial 0x04C11DB7 reflected, initial and final XOR 0xFFFFFFFF),
/// the checksum of <see cref="ApiKeyFormat"/>. Python's <c>zlib.crc32</c> computes the same value.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC of the characters' low bytes; callers pass ASCII only.</summary>
    public static uint OfAscii(ReadOnlySpan<char> text)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var c in text)
        {
            crc = Table[(crc ^ (byte)c) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
