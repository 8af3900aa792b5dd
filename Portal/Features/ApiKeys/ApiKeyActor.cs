using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Features.ApiKeys;

/// <summary>
/// Who manages keys: the account (whose keys these are), the rights of the credential used when that is not the portal
/// session (<see cref="Ceiling"/>), how they came (for the security log), and from where.
/// </summary>
public sealed record ApiKeyActor(string UserId, RequestOrigin Origin, string Via = "portal", ApiKeyCeiling? Ceiling = null)
{
    /// <summary>A signed-in person in the portal (or the portal session on the API): bounded only by their account's rights.</summary>
    public static ApiKeyActor Session(string userId, RequestOrigin origin, string via = "portal") => new(userId, origin, via);
}
