namespace Notarial.Portal.Features.Platform;

/// <summary>A value that may be absent (not sent) — unlike null, which is a value. Partial updates use it so that a
/// field left out stays as it is.</summary>
public readonly record struct Optional<T>(bool HasValue, T Value)
{
    public static Optional<T> Absent => default;

    public static implicit operator Optional<T>(T value) => new(true, value);

    public T Or(T fallback) => HasValue ? Value : fallback;
}
