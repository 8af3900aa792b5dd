using System.Security.Claims;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Scopes;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Features.Applications;

/// <summary>
/// Who manages applications: the account whose applications they are, the scopes the credential holds (an application
/// never gets a scope its creator does not hold), the environment a key or token is bound to (null: both), how they
/// came (for the security log) and from where.
/// </summary>
public sealed record ApplicationActor(
    string UserId,
    RequestOrigin Origin,
    IReadOnlyCollection<string> HeldScopes,
    string? Environment = null,
    string? Email = null,
    string Via = "portal")
{
    /// <summary>A signed-in person (the portal, or the portal session on the API): every platform scope, admin only for admins.</summary>
    public static ApplicationActor Person(string userId, string? email, bool isAdmin, RequestOrigin origin, string via = "portal") =>
        new(userId, origin, [.. ScopeCatalog.Platform.Select(s => s.Name).Where(s => s != ScopeCatalog.Admin || isAdmin)], null, email, via);

    /// <summary>The signed-in person of a portal page.</summary>
    public static ApplicationActor FromPortalUser(ClaimsPrincipal user, RequestOrigin origin) =>
        Person(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The page requires a signed-in user."),
            user.FindFirstValue(ClaimTypes.Email), user.IsInRole(PortalRoles.Admin), origin);

    /// <summary>Whether the actor may give an application the admin scope (the account's role is checked again on use).</summary>
    public bool HoldsAdmin => HeldScopes.Contains(ScopeCatalog.Admin);
}
