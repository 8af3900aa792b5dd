using Notarial.Portal.Features.Accounts;

namespace Notarial.Portal.Features.ApiKeys;

/// <summary>The expected ways a key operation fails. The UI shows them; the API maps them to its error envelope in one place.</summary>
public abstract record ApiKeyError(string Message)
{
    /// <summary>No key with that id belongs to the caller (another account's key looks exactly like a missing one).</summary>
    public sealed record NotFound() : ApiKeyError("There is no API key with this id.");

    /// <summary>Some fields are not acceptable; each says why.</summary>
    public sealed record Invalid(IReadOnlyList<FieldError> Fields) : ApiKeyError("Some fields are not valid.");

    /// <summary>The calling credential would grant more than it holds.</summary>
    public sealed record BeyondRights(string Reason) : ApiKeyError(Reason);

    /// <summary>The key's state does not allow it (rotating a revoked key, changing a retired one...).</summary>
    public sealed record Conflict(string Reason) : ApiKeyError(Reason);
}
