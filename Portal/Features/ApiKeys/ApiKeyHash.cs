using System.Buffers.Binary;

namespace Notarial.Portal.Features.ApiKeys;

/// <summary>
/// The SHA-256 of a key (<see cref="ApiKeyHasher"/>) as a value: four 64-bit words, so the in-memory cache can use it as a
/// dictionary key without allocating. Stored in the database as its 32 bytes.
/// </summary>
public readonly record struct ApiKeyHash(ulong W0, ulong W1, ulong W2, ulong W3)
{
    public const int Size = 32;

    public static ApiKeyHash FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException("A key hash is 32 bytes.", nameof(bytes));
        }

        return new ApiKeyHash(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, W0);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), W1);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(16), W2);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(24), W3);
        return bytes;
    }

    public override string ToString() => Convert.ToHexStringLower(ToArray());
}
