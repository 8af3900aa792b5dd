using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Scopes;

namespace Notarial.Portal.Features.Accounts;

/// <summary>A user as <c>GET /api/v1/users</c> shows it.</summary>
public sealed record UserResource(string Id, string? Email, string DisplayName, DateTimeOffset CreatedAt);

/// <summary>The users a platform caller may see: its own account, or — for an <c>admin</c> credential — every account,
/// paged and searchable by email or name.</summary>
public sealed class UserDirectory(IDbContextFactory<PortalDbContext> contexts)
{
    public async Task<PlatformResult<Page<UserResource>>> ListAsync(PlatformCaller caller, string? search, string? cursor, int limit, CancellationToken cancellationToken = default)
    {
        var v = new PlatformValidation();
        if (limit < 1 || limit > Keyset.MaxLimit)
        {
            v.Add("limit", $"Between 1 and {Keyset.MaxLimit}.");
        }

        if (search is { Length: > 200 })
        {
            v.Add("search", "At most 200 characters.");
        }

        if (!Keyset.TryDecode(cursor, out var after))
        {
            v.Add("cursor", "Not a cursor this API returned.");
        }

        if (!v.IsValid)
        {
            return new PlatformResult<Page<UserResource>>.Invalid(v.Problems);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = db.Users.AsNoTracking();
        if (!caller.Scopes.Contains(ScopeCatalog.Admin))
        {
            users = users.Where(u => u.Id == caller.AccountId);
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToUpperInvariant();
            users = users.Where(u => (u.NormalizedEmail != null && u.NormalizedEmail.Contains(term)) || u.DisplayName.ToUpper().Contains(term));
        }

        var typed = after is { } c ? (new DateTimeOffset(Math.Clamp(c.Key, DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero), c.Id)
            : ((DateTimeOffset, string)?)null;
        var rows = await Keyset.Apply(users, u => u.CreatedAt, u => u.Id, descending: false, typed, limit).ToListAsync(cancellationToken);
        return Keyset.ToPage(rows, limit, u => (u.CreatedAt.UtcTicks, u.Id), u => new UserResource(u.Id, u.Email, u.DisplayName, u.CreatedAt));
    }
}
