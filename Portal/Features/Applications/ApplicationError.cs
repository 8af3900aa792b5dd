using Notarial.Portal.Features.Accounts;

namespace Notarial.Portal.Features.Applications;

/// <summary>The expected ways an application operation fails. The portal shows them; the API maps them to its error envelope in one place.</summary>
public abstract record ApplicationError(string Message)
{
    /// <summary>No application with that id belongs to the caller (another developer's looks exactly like a missing one).</summary>
    public sealed record NotFound() : ApplicationError("There is no application with this id.");

    /// <summary>Some fields are not acceptable; each says why.</summary>
    public sealed record Invalid(IReadOnlyList<FieldError> Fields) : ApplicationError("Some fields are not valid.");

    /// <summary>The caller would give the application a scope it does not hold itself.</summary>
    public sealed record BeyondRights(string Scope, string Reason) : ApplicationError(Reason);

    /// <summary>The application's state does not allow it, or someone changed it at the same moment.</summary>
    public sealed record Conflict(string Reason) : ApplicationError(Reason);
}
