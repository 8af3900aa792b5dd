namespace Notarial.Portal.Features.ApiKeys;

/// <summary>The outcome of a key operation: a value, or an <see cref="ApiKeyError"/>.</summary>
public sealed record ApiKeyResult<T>(T? Value, ApiKeyError? Error)
    where T : class
{
    public bool Succeeded => Error is null;

    public static implicit operator ApiKeyResult<T>(T value) => new(value, null);

    public static implicit operator ApiKeyResult<T>(ApiKeyError error) => new(null, error);
}
