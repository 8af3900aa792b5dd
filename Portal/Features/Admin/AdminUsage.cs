using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Audit;
using Notarial.Portal.Features.OAuth;
using Notarial.Portal.Features.Usage;

namespace Notarial.Portal.Features.Admin;

/// <summary>The platform's top accounts and applications by requests, named for people.</summary>
public sealed record AdminTopUsage(IReadOnlyList<AdminTopEntry> Accounts, IReadOnlyList<AdminTopEntry> Applications);

/// <summary>One entry of a top list: what it is (an account or an application id), its name, and its requests.</summary>
public sealed record AdminTopEntry(string Id, string Name, long Requests);

/// <summary>
/// Usage for the admin area, from the hourly rollups (<see cref="UsageReports"/>): the whole platform, one account as its
/// owner sees it, one application across every account. Each call checks the actor's staff powers in the database.
/// </summary>
public sealed class AdminUsage(IDbContextFactory<PortalDbContext> contexts, UsageReports reports)
{
    public const int TopCount = 10;

    /// <summary>Every account's usage; <see cref="UsageQuery.Credential"/> narrows it to one key or application.</summary>
    public async Task<UsageReport> PlatformAsync(StaffActor actor, UsageQuery query, CancellationToken cancellationToken = default)
    {
        await RequireStaffAsync(actor, cancellationToken);
        return await reports.GetPlatformAsync(query, cancellationToken);
    }

    /// <summary>The usage the account of <see cref="UsageQuery.OwnerId"/> sees on its own usage page.</summary>
    public async Task<UsageReport> AccountAsync(StaffActor actor, UsageQuery query, CancellationToken cancellationToken = default)
    {
        await RequireStaffAsync(actor, cancellationToken);
        return await reports.GetAsync(query, cancellationToken);
    }

    /// <summary>The accounts and OAuth applications with the most requests in [from, to).</summary>
    public async Task<AdminTopUsage> TopAsync(StaffActor actor, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await StaffPowersReader.RequireAsync(db, actor, cancellationToken);
        var (accounts, applications) = await reports.TopPlatformAsync(from, to, TopCount, cancellationToken);
        var accountIds = accounts.Select(a => a.Name).ToList();
        var emails = await db.Users.AsNoTracking().Where(u => accountIds.Contains(u.Id)).Select(u => new { u.Id, u.Email }).ToDictionaryAsync(u => u.Id, u => u.Email, cancellationToken);
        var clientIds = applications.Select(a => a.Name).ToList();
        var apps = await db.Set<OAuthApplication>().AsNoTracking().Where(a => clientIds.Contains(a.ClientId!))
            .Select(a => new { a.Id, a.ClientId, a.DisplayName }).ToListAsync(cancellationToken);
        return new AdminTopUsage(
            [.. accounts.Select(a => new AdminTopEntry(a.Name, emails.GetValueOrDefault(a.Name) ?? $"{a.Name} (deleted)", a.Count))],
            [.. applications.Select(a => apps.FirstOrDefault(x => x.ClientId == a.Name) is { } app
                ? new AdminTopEntry(app.Id!, $"{app.DisplayName ?? app.ClientId} ({app.ClientId})", a.Count)
                : new AdminTopEntry("", $"{a.Name} (deleted)", a.Count))]);
    }

    private async Task RequireStaffAsync(StaffActor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await StaffPowersReader.RequireAsync(db, actor, cancellationToken);
    }
}
