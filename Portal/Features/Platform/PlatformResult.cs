namespace Notarial.Portal.Features.Platform;

/// <summary>A problem with one field of a request.</summary>
public sealed record FieldProblem(string Field, string Message);

/// <summary>
/// The outcome of a platform operation: the value, or one of the expected failures — which the API maps to its error
/// envelope in one place (404 not_found, 422 validation_failed, 409 conflict). Exceptions are for bugs.
/// </summary>
public abstract record PlatformResult<T>
{
    public sealed record Ok(T Value) : PlatformResult<T>;

    public sealed record NotFound(string Message) : PlatformResult<T>;

    public sealed record Invalid(IReadOnlyList<FieldProblem> Problems) : PlatformResult<T>;

    public sealed record Conflict(string Message) : PlatformResult<T>;

    public static implicit operator PlatformResult<T>(T value) => new Ok(value);

    public static PlatformResult<T> Fail(string field, string message) => new Invalid([new FieldProblem(field, message)]);
}

/// <summary>One page of a list, with the cursor of the next page (null at the end).</summary>
public sealed record Page<T>(IReadOnlyList<T> Data, bool HasMore, string? NextCursor);
