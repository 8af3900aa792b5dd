using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.ApiKeys;
using Notarial.Portal.Features.OAuth;
using Notarial.Portal.Features.Security;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Notarial.Portal.Features.Admin;

/// <summary>
/// The admin area's searches: users, applications, API keys and grants across every account, one page at a time.
/// Every filter is a prefix or an exact match on an indexed column (email, name, client id, key hint, key hash), and
/// every list is ordered by an indexed date, so a page costs the same with 100,000 users and 1,000,000 keys.
/// Counting stops at <see cref="CountCap"/>. Each call checks the actor's powers in the database.
/// </summary>
public sealed class AdminDirectory(IDbContextFactory<PortalDbContext> contexts, SecurityEventLog events, TimeProvider time)
{
    /// <summary>Lists count at most this many rows; beyond, people narrow the search.</summary>
    public const int CountCap = 10_000;

    // Upper bound for a prefix range: every string that starts with the prefix sorts below prefix + U+FFFF.
    private const string PrefixEnd = "\uffff";

    public async Task<AdminPage<AdminUserRow>> SearchUsersAsync(StaffActor actor, AdminQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await StaffPowersReader.RequireAsync(db, actor, cancellationToken);
        var users = db.Users.AsNoTracking();
        if (query.Term is { } term)
        {
            var email = term.ToUpperInvariant();
            var emailEnd = email + PrefixEnd;
            var nameEnd = term + PrefixEnd;
            users = users.Where(u => u.Id == term ||
                                     (string.Compare(u.NormalizedEmail, email) >= 0 && string.Compare(u.NormalizedEmail, emailEnd) < 0) ||
                                     (string.Compare(u.DisplayName, term) >= 0 && string.Compare(u.DisplayName, nameEnd) < 0));
        }

        var total = await users.Take(CountCap + 1).CountAsync(cancellationToken);
        var page = await users.OrderByDescending(u => u.CreatedAt).ThenBy(u => u.Id).Skip(query.Skip).Take(query.Size)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.TwoFactorEnabled, u.LockoutEnd, u.CreatedAt, u.LastSignInAt })
            .ToListAsync(cancellationToken);
        var roles = await StaffPowersReader.RolesAsync(db, [.. page.Select(u => u.Id)], cancellationToken);
        var now = time.GetUtcNow();
        return Paged([.. page.Select(u => new AdminUserRow(u.Id, u.Email ?? "", u.DisplayName, roles.GetValueOrDefault(u.Id) ?? [],
            u.TwoFactorEnabled, u.LockoutEnd > now ? u.LockoutEnd : null, u.CreatedAt, u.LastSignInAt))], total);
    }

    /// <summary>A user with their keys (newest 50), applications and connected apps; null when there is no such user.</summary>
    public async Task<AdminUserDetail?> GetUserAsync(StaffActor actor, string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await StaffPowersReader.RequireAsync(db, actor, cancellationToken);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var roles = await StaffPowersReader.RolesAsync(db, [user.Id], cancellationToken);
        var now = time.GetUtcNow();
        var row = new AdminUserRow(user.Id, user.Email ?? "", user.DisplayName, roles.GetValueOrDefault(user.Id) ?? [], user.TwoFactorEnabled,
            user.LockoutEnd > now ? user.LockoutEnd : null, user.CreatedAt, user.LastSignInAt);
        var keyCount = await db.ApiKeys.CountAsync(k => k.OwnerId == userId, cancellationToken);
        var keys = await KeyRowsAsync(db, db.ApiKeys.Where(k => k.OwnerId == userId).OrderByDescending(k => k.CreatedAt).Take(50), cancellationToken);
        var applications = await ApplicationRowsAsync(db, db.Set<OAuthApplication>().Where(a => a.OwnerId == userId).OrderByDescending(a => a.CreatedAt).Take(100), cancellationToken);
        var grants = await GrantRowsAsync(db, db.Set<OAuthAuthorization>().Where(a => a.Subject == userId && a.Status == Statuses.Valid)
            .OrderByDescending(a => a.CreationDate).Take(100), cancellationToken);
        return new AdminUserDetail(row, keyCount, keys, applications, grants);
    }

    public async Task<AdminPage<AdminApplicationRow>> SearchApplicationsAsync(StaffActor actor, AdminQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await StaffPowersReader.RequireAsync(db, actor, cancellationToken);
        var applications = db.Set<OAuthApplication>().AsNoTracking();
        if (query.Term is { } term)
        {
            var owners = await OwnerIdsAsync(db, term, cancellationToken);
            var end = term + PrefixEnd;
            applications = applications.Where(a => a.Id == term ||
                                                   (string.Compare(a.ClientId, term) >= 0 && string.Compare(a.ClientId, end) < 0) ||
                                                   (string.Compare(a.DisplayName, term) >= 0 && string.Compare(a.DisplayName, end) < 0) ||
                                                   owners.Contains(a.OwnerId!));
        }

        var total = await applications.Take(CountCap + 1).CountAsync(cancellationToken);
        var rows = await ApplicationRowsAsync(db, applications.OrderByDescending(a => a.CreatedAt).ThenBy(a => a.Id).Skip(query.Skip).Take(query.Size), cancellationToken);
        return Paged(rows, total);
    }

    public async Task<AdminApplicationRow?> GetApplicationAsync(StaffActor actor, string id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await StaffPowersReader.RequireAsync(db, actor, cancellationToken);
        return (await ApplicationRowsAsync(db, db.Set<OAuthApplication>().Where(a => a.Id == id), cancellationToken)).FirstOrDefault();
    }

    /// <summary>Keys by name (prefix), hint (<c>notary_xK9m</c>…), owner email (prefix) or key id.</summary>
    public async Task<AdminPage<AdminKeyRow>> SearchKeysAsync(StaffActor actor, AdminQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await StaffPowersReader.RequireAsync(db, actor, cancellationToken);
        var keys = db.ApiKeys.AsNoTracking();
        if (query.Term is { } term)
        {
            var end = term + PrefixEnd;
            if (Guid.TryParse(term, out var id))
            {
                keys = keys.Where(k => k.Id == id);
            }
            else if (term.StartsWith("notary_", StringComparison.Ordinal))
            {
                // A hint, or its beginning: "notary_xK9m…7bN9", "notary_test_ab".
                keys = keys.Where(k => string.Compare(k.Hint, term) >= 0 && string.Compare(k.Hint, end) < 0);
            }
            else
            {
                var owners = await OwnerIdsAsync(db, term, cancellationToken);
                keys = keys.Where(k => (string.Compare(k.Name, term) >= 0 && string.Compare(k.Name, end) < 0) || owners.Contains(k.OwnerId));
            }
        }

        var total = await keys.Take(CountCap + 1).CountAsync(cancellationToken);
        var rows = await KeyRowsAsync(db, keys.OrderByDescending(k => k.CreatedAt).ThenBy(k => k.Id).Skip(query.Skip).Take(query.Size), cancellationToken);
        return Paged(rows, total);
    }

    /// <summary>
    /// Finds the key a leaked plaintext belongs to: the text is hashed and looked up, never stored or logged. The search
    /// itself is recorded (with the key's hint, not the secret). Null when it is not a key of this platform or no key
    /// has that hash.
    /// </summary>
    public async Task<AdminKeyRow?> FindKeyBySecretAsync(StaffActor actor, string? plaintext, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var powers = await StaffPowersReader.RequireAsync(db, actor, cancellationToken);
        var candidate = plaintext?.Trim();
        if (candidate is null || !ApiKeyFormat.IsValid(candidate))
        {
            return null;
        }

        var hash = ApiKeyHasher.Hash(candidate).ToArray();
        var row = (await KeyRowsAsync(db, db.ApiKeys.Where(k => k.Hash == hash), cancellationToken)).FirstOrDefault();
        if (row is not null)
        {
            await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.AdminApiKeyFound, powers.UserId, powers.Email, row.OwnerId,
                "api_key", row.Id.ToString(), Details: $"{row.Name} ({row.Hint}) found from its secret", Origin: actor.Origin), cancellationToken);
        }

        return row;
    }

    public async Task<AdminKeyRow?> GetKeyAsync(StaffActor actor, Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await StaffPowersReader.RequireAsync(db, actor, cancellationToken);
        return (await KeyRowsAsync(db, db.ApiKeys.Where(k => k.Id == id), cancellationToken)).FirstOrDefault();
    }

    /// <summary>Grants, newest first: of one user (<paramref name="userId"/>), one application (<paramref name="applicationId"/>),
    /// or found by a user's email or an application's client id or name.</summary>
    public async Task<AdminPage<AdminGrantRow>> SearchGrantsAsync(StaffActor actor, AdminQuery query, string? userId = null, string? applicationId = null,
        bool includeRevoked = false, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await StaffPowersReader.RequireAsync(db, actor, cancellationToken);
        var grants = db.Set<OAuthAuthorization>().AsNoTracking();
        if (!includeRevoked)
        {
            grants = grants.Where(a => a.Status == Statuses.Valid);
        }

        if (userId is not null)
        {
            grants = grants.Where(a => a.Subject == userId);
        }

        if (applicationId is not null)
        {
            grants = grants.Where(a => a.Application!.Id == applicationId);
        }

        if (query.Term is { } term)
        {
            var end = term + PrefixEnd;
            var users = await OwnerIdsAsync(db, term, cancellationToken);
            var applications = await db.Set<OAuthApplication>().AsNoTracking()
                .Where(a => (string.Compare(a.ClientId, term) >= 0 && string.Compare(a.ClientId, end) < 0) ||
                            (string.Compare(a.DisplayName, term) >= 0 && string.Compare(a.DisplayName, end) < 0))
                .Select(a => a.Id).Take(100).ToListAsync(cancellationToken);
            grants = grants.Where(a => users.Contains(a.Subject!) || applications.Contains(a.Application!.Id) || a.Id == term);
        }

        var total = await grants.Take(CountCap + 1).CountAsync(cancellationToken);
        var rows = await GrantRowsAsync(db, grants.OrderByDescending(a => a.CreationDate).ThenBy(a => a.Id).Skip(query.Skip).Take(query.Size), cancellationToken);
        return Paged(rows, total);
    }

    /// <summary>The token rows of one grant, newest first (at most 100), with their state now.</summary>
    public async Task<IReadOnlyList<AdminTokenRow>> TokensAsync(StaffActor actor, string authorizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await StaffPowersReader.RequireAsync(db, actor, cancellationToken);
        var rows = await db.Set<OAuthToken>().AsNoTracking().Where(t => t.Authorization!.Id == authorizationId)
            .OrderByDescending(t => t.CreationDate).ThenBy(t => t.Id).Take(100)
            .Select(t => new { t.Id, t.Type, t.CreationDate, t.ExpirationDate, t.RedemptionDate, t.Status })
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return [.. rows.Select(t =>
        {
            var expires = Utc(t.ExpirationDate);
            var state = t.Status switch
            {
                Statuses.Revoked => "Revoked",
                Statuses.Redeemed => "Used",
                Statuses.Inactive or Statuses.Rejected => "Inactive",
                _ when expires is { } e && e <= now => "Expired",
                Statuses.Valid => AdminTokenRow.Active,
                _ => t.Status ?? "Unknown",
            };
            return new AdminTokenRow(t.Id!, t.Type ?? "", Utc(t.CreationDate), expires, Utc(t.RedemptionDate), state);
        })];

        static DateTimeOffset? Utc(DateTime? value) => value is { } d ? new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)) : null;
    }

    public async Task<AdminOverview> OverviewAsync(StaffActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await StaffPowersReader.RequireAsync(db, actor, cancellationToken);
        var now = time.GetUtcNow();
        var dayAgo = now.AddDays(-1);
        var staffRoles = await db.Roles.Where(r => r.Name == PortalRoles.Support || r.Name == PortalRoles.Admin).Select(r => r.Id).ToListAsync(cancellationToken);
        return new AdminOverview(
            await db.Users.CountAsync(cancellationToken),
            await db.UserRoles.Where(ur => staffRoles.Contains(ur.RoleId)).Select(ur => ur.UserId).Distinct().CountAsync(cancellationToken),
            await db.Users.CountAsync(u => u.LockoutEnd > now, cancellationToken),
            await db.Set<OAuthApplication>().CountAsync(a => a.Kind != ApplicationKind.Plugin, cancellationToken),
            await db.Set<OAuthApplication>().CountAsync(a => a.Disabled, cancellationToken),
            await db.ApiKeys.CountAsync(k => k.RevokedAt == null && (k.ExpiresAt == null || k.ExpiresAt > now) && (k.RetiresAt == null || k.RetiresAt > now), cancellationToken),
            await db.Set<OAuthAuthorization>().CountAsync(a => a.Status == Statuses.Valid && a.Type == AuthorizationTypes.Permanent, cancellationToken),
            await db.SecurityEvents.CountAsync(e => e.OccurredAt >= dayAgo, cancellationToken));
    }

    /// <summary>Accounts whose email starts with <paramref name="term"/> (at most 100), for "owned by" searches.</summary>
    internal static async Task<List<string>> OwnerIdsAsync(PortalDbContext db, string term, CancellationToken cancellationToken)
    {
        var email = term.ToUpperInvariant();
        var end = email + PrefixEnd;
        return await db.Users.AsNoTracking()
            .Where(u => u.Id == term || (string.Compare(u.NormalizedEmail, email) >= 0 && string.Compare(u.NormalizedEmail, end) < 0))
            .Select(u => u.Id).Take(100).ToListAsync(cancellationToken);
    }

    private async Task<List<AdminKeyRow>> KeyRowsAsync(PortalDbContext db, IQueryable<ApiKey> keys, CancellationToken cancellationToken)
    {
        var rows = await keys.AsNoTracking()
            .Select(k => new { Key = k, OwnerEmail = db.Users.Where(u => u.Id == k.OwnerId).Select(u => u.Email).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return [.. rows.Select(r => new AdminKeyRow(r.Key.Id, r.Key.Name, r.Key.Hint, r.Key.Type, r.Key.Environment, r.Key.OwnerId, r.OwnerEmail,
            r.Key.StateAt(now), r.Key.CreatedAt, r.Key.LastUsedAt, r.Key.LastUsedIp, r.Key.RevokedReason))];
    }

    private static async Task<List<AdminApplicationRow>> ApplicationRowsAsync(PortalDbContext db, IQueryable<OAuthApplication> applications, CancellationToken cancellationToken)
    {
        var rows = await applications.AsNoTracking()
            .Select(a => new
            {
                a.Id,
                a.ClientId,
                a.DisplayName,
                a.Kind,
                a.Environment,
                a.OwnerId,
                OwnerEmail = db.Users.Where(u => u.Id == a.OwnerId).Select(u => u.Email).FirstOrDefault(),
                a.Disabled,
                a.CreatedAt,
                a.LastTokenIssuedAt,
                Grants = a.Authorizations.Count(z => z.Status == Statuses.Valid && z.Type == AuthorizationTypes.Permanent),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new AdminApplicationRow(r.Id!, r.ClientId!, r.DisplayName ?? r.ClientId!, r.Kind, r.Environment, r.OwnerId, r.OwnerEmail,
            r.Disabled, r.CreatedAt, r.LastTokenIssuedAt, r.Grants))];
    }

    private static async Task<List<AdminGrantRow>> GrantRowsAsync(PortalDbContext db, IQueryable<OAuthAuthorization> grants, CancellationToken cancellationToken)
    {
        var rows = await grants.AsNoTracking()
            .Select(a => new
            {
                a.Id,
                ApplicationId = a.Application!.Id,
                a.Application.DisplayName,
                a.Application.ClientId,
                a.Subject,
                UserEmail = db.Users.Where(u => u.Id == a.Subject).Select(u => u.Email).FirstOrDefault(),
                a.Status,
                a.Type,
                a.Scopes,
                a.CreationDate,
                Tokens = a.Tokens.Count(t => t.Status == Statuses.Valid),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new AdminGrantRow(r.Id!, r.ApplicationId!, r.DisplayName ?? r.ClientId!, r.ClientId!, r.Subject, r.UserEmail,
            r.Status ?? "", r.Type ?? "", ParseList(r.Scopes), r.CreationDate is { } d ? new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)) : null, r.Tokens))];
    }

    private static AdminPage<T> Paged<T>(IReadOnlyList<T> items, int total) => new(items, Math.Min(total, CountCap), total > CountCap);

    private static List<string> ParseList(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<string>>(json) ?? [];
}
