namespace Notarial.Portal.Features.Applications;

/// <summary>The outcome of an application operation: a value, or an <see cref="ApplicationError"/>.</summary>
public sealed record ApplicationResult<T>(T? Value, ApplicationError? Error)
    where T : class
{
    public bool Succeeded => Error is null;

    public static implicit operator ApplicationResult<T>(T value) => new(value, null);

    public static implicit operator ApplicationResult<T>(ApplicationError error) => new(null, error);
}
