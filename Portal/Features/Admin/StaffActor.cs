using System.Security.Claims;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Features.Admin;

/// <summary>
/// A support person or admin acting from the admin area: who (the services read their roles and 2FA from the database
/// on every call, never from this record or a cookie) and from where.
/// </summary>
public sealed record StaffActor(string UserId, RequestOrigin Origin)
{
    public static StaffActor From(ClaimsPrincipal user, RequestOrigin? origin) =>
        new(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", origin ?? RequestOrigin.Unknown);
}

/// <summary>What a staff member may do, read from the database for each operation.</summary>
public sealed record StaffPowers(string UserId, string? Email, bool IsAdmin)
{
    public bool IsSupportOnly => !IsAdmin;
}
