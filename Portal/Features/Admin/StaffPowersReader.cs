using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Accounts;

namespace Notarial.Portal.Features.Admin;

/// <summary>Reads roles from the database: the actor's powers, and whether targets are admins.</summary>
internal static class StaffPowersReader
{
    /// <summary>The actor's powers, or null unless they are support or admin with 2FA on, now.</summary>
    public static async Task<StaffPowers?> ReadAsync(PortalDbContext db, StaffActor actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(actor.UserId))
        {
            return null;
        }

        var user = await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId && u.TwoFactorEnabled)
            .Select(u => new { u.Email })
            .FirstOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        var roles = await RolesAsync(db, [actor.UserId], cancellationToken);
        var mine = roles.GetValueOrDefault(actor.UserId) ?? [];
        return mine.Contains(PortalRoles.Admin) ? new StaffPowers(actor.UserId, user.Email, IsAdmin: true)
            : mine.Contains(PortalRoles.Support) ? new StaffPowers(actor.UserId, user.Email, IsAdmin: false)
            : null;
    }

    public static async Task<StaffPowers> RequireAsync(PortalDbContext db, StaffActor actor, CancellationToken cancellationToken) =>
        await ReadAsync(db, actor, cancellationToken)
        ?? throw new UnauthorizedAccessException("The admin area is for support staff and admins with two-factor authentication on.");

    /// <summary>The roles of each of <paramref name="userIds"/> (one query).</summary>
    public static async Task<Dictionary<string, List<string>>> RolesAsync(PortalDbContext db, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        var rows = await db.UserRoles.AsNoTracking()
            .Where(ur => userIds.Contains(ur.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.Select(r => r.Name!).Order(StringComparer.Ordinal).ToList());
    }

    public static async Task<bool> IsAdminAsync(PortalDbContext db, string? userId, CancellationToken cancellationToken) =>
        userId is not null && await db.UserRoles.AnyAsync(ur => ur.UserId == userId && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == PortalRoles.Admin), cancellationToken);
}
