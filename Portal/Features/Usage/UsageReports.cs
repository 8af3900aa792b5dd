using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Data;
using Notarial.Portal.Features.ApiKeys;
using Notarial.Portal.Features.Audit;
using Notarial.Portal.Features.OAuth;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Scopes;

namespace Notarial.Portal.Features.Usage;

/// <summary>
/// Usage charts and totals from the hourly rollups only — never the raw audit rows — so a 30-day report costs the same
/// with ten thousand or ten million requests: hours × credentials rows, summed in memory.
/// </summary>
public sealed class UsageReports(IDbContextFactory<PortalDbContext> contexts)
{
    private const int TopCount = 10;

    public async Task<UsageReport> GetAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var clients = await OwnedClientIdsAsync(db, query.OwnerId, cancellationToken);
        return await ReportAsync(query, Visible(db.UsageRollups, query, clients), Visible(db.UsageRollupDimensions, query, clients), cancellationToken);
    }

    /// <summary>
    /// Usage of the whole platform (every account; <see cref="UsageQuery.OwnerId"/> is ignored), optionally narrowed to
    /// one credential. No access check here: only the admin area calls it, after checking the actor's staff powers.
    /// </summary>
    internal async Task<UsageReport> GetPlatformAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var day = UsageRollupBuilder.DayOf(query.From);
        var rollups = Filter(db.UsageRollups.AsNoTracking().Where(r => r.HourStart >= query.From && r.HourStart < query.To), query);
        var dimensions = Filter(db.UsageRollupDimensions.AsNoTracking().Where(r => r.HourStart >= day && r.HourStart < query.To
            && (r.HourStart >= query.From || r.Dimension == UsageDimensions.IpAddress)), query);
        return await ReportAsync(query, rollups, dimensions, cancellationToken);
    }

    /// <summary>The accounts (ids) and the OAuth applications (client ids) with the most requests in [from, to), platform-wide,
    /// summed from the hourly rollups. Callers check staff powers.</summary>
    internal async Task<(IReadOnlyList<UsageCount> Accounts, IReadOnlyList<UsageCount> Applications)> TopPlatformAsync(DateTimeOffset from, DateTimeOffset to, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var hours = db.UsageRollups.AsNoTracking().Where(r => r.HourStart >= from && r.HourStart < to);
        var accounts = await hours.Where(r => r.AccountId != "")
            .GroupBy(r => r.AccountId).Select(g => new { g.Key, Count = g.Sum(r => r.Requests) })
            .ToListAsync(cancellationToken);
        var applications = await hours.Where(r => r.CredentialKind == CredentialKinds.OAuthToken)
            .GroupBy(r => r.CredentialId).Select(g => new { g.Key, Count = g.Sum(r => r.Requests) })
            .ToListAsync(cancellationToken);
        static List<UsageCount> Top(IEnumerable<(string Key, long Count)> rows, int take) =>
            rows.OrderByDescending(r => r.Count).ThenBy(r => r.Key, StringComparer.Ordinal).Take(take).Select(r => new UsageCount(r.Key, r.Count)).ToList();
        return (Top(accounts.Select(a => (a.Key, a.Count)), take), Top(applications.Select(a => (a.Key, a.Count)), take));
    }

    private static async Task<UsageReport> ReportAsync(UsageQuery query, IQueryable<UsageRollup> visibleRollups, IQueryable<UsageRollupDimension> visibleDimensions, CancellationToken cancellationToken)
    {
        var rows = await visibleRollups
            .Select(r => new
            {
                r.HourStart,
                r.Status2xx,
                r.Status3xx,
                r.Status4xx,
                r.Status5xx,
                r.ResponseBytes,
                r.LatencyLe1Ms,
                r.LatencyLe2Ms,
                r.LatencyLe5Ms,
                r.LatencyLe10Ms,
                r.LatencyLe25Ms,
                r.LatencyLe50Ms,
                r.LatencyLe100Ms,
                r.LatencyLe250Ms,
                r.LatencyLe500Ms,
                r.LatencyLe1000Ms,
                r.LatencyLe2500Ms,
                r.LatencyLe5000Ms,
                r.LatencyOver5000Ms,
            })
            .ToListAsync(cancellationToken);

        var size = query.BucketSize;
        var count = (int)Math.Ceiling((query.To - query.From) / size);
        var sums = new Sum[count];
        for (var i = 0; i < count; i++)
        {
            sums[i] = new Sum();
        }

        var total = new Sum();
        foreach (var r in rows)
        {
            var index = (int)((r.HourStart - query.From) / size);
            if (index < 0 || index >= count)
            {
                continue;
            }

            long[] latency =
            [
                r.LatencyLe1Ms, r.LatencyLe2Ms, r.LatencyLe5Ms, r.LatencyLe10Ms, r.LatencyLe25Ms, r.LatencyLe50Ms, r.LatencyLe100Ms,
                r.LatencyLe250Ms, r.LatencyLe500Ms, r.LatencyLe1000Ms, r.LatencyLe2500Ms, r.LatencyLe5000Ms, r.LatencyOver5000Ms,
            ];
            foreach (var sum in new[] { sums[index], total })
            {
                sum.Status2xx += r.Status2xx;
                sum.Status3xx += r.Status3xx;
                sum.Status4xx += r.Status4xx;
                sum.Status5xx += r.Status5xx;
                sum.Bytes += r.ResponseBytes;
                for (var b = 0; b < latency.Length; b++)
                {
                    sum.Latency[b] += latency[b];
                }
            }
        }

        var buckets = sums.Select((s, i) => new UsageBucket(query.From + (size * i), s.Status2xx, s.Status3xx, s.Status4xx, s.Status5xx,
            LatencyHistogram.Percentile(s.Latency, 0.50), LatencyHistogram.Percentile(s.Latency, 0.95), LatencyHistogram.Percentile(s.Latency, 0.99))).ToList();

        var dimensions = await visibleDimensions
            .GroupBy(d => new { d.Dimension, d.Value })
            .Select(g => new { g.Key.Dimension, g.Key.Value, Count = g.Sum(d => d.Count) })
            .ToListAsync(cancellationToken);

        List<UsageCount> Top(string dimension, int take) => dimensions.Where(d => d.Dimension == dimension)
            .OrderByDescending(d => d.Count).ThenBy(d => d.Value, StringComparer.Ordinal).Take(take)
            .Select(d => new UsageCount(d.Value, d.Count)).ToList();

        var addresses = dimensions.Count(d => d.Dimension == UsageDimensions.IpAddress);
        var totals = new UsageTotals(total.Requests, total.Status4xx + total.Status5xx, LatencyHistogram.Percentile(total.Latency, 0.50),
            LatencyHistogram.Percentile(total.Latency, 0.95), LatencyHistogram.Percentile(total.Latency, 0.99), addresses, total.Bytes);
        var scopes = dimensions.Where(d => d.Dimension == UsageDimensions.Scope).Select(d => d.Value).ToHashSet(StringComparer.Ordinal);
        return new UsageReport(query, buckets, totals, Top(UsageDimensions.Endpoint, TopCount), Top(UsageDimensions.ErrorCode, TopCount),
            Top(UsageDimensions.IpAddress, 50), scopes, Top(UsageDimensions.ClientVersion, TopCount));
    }

    /// <summary>The credentials the filter offers: the account's keys and applications, and any other credential that
    /// used the account's data in the range (another developer's app the account connected, the portal session).</summary>
    public async Task<IReadOnlyList<UsageCredentialOption>> CredentialsAsync(string ownerId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.OwnerId == ownerId)
            .OrderByDescending(k => k.CreatedAt)
            .Select(k => new { k.Id, k.Name, k.Hint, k.Environment })
            .ToListAsync(cancellationToken);
        var apps = await db.Set<OAuthApplication>().AsNoTracking().Where(a => a.OwnerId == ownerId)
            .Select(a => new { a.ClientId, a.DisplayName })
            .ToListAsync(cancellationToken);

        var options = new List<UsageCredentialOption>();
        options.AddRange(keys.Select(k => new UsageCredentialOption(UsageCredential.ApiKey(k.Id), $"{k.Name} ({k.Hint})", "API key")));
        options.AddRange(apps.Where(a => a.ClientId is not null)
            .Select(a => new UsageCredentialOption(UsageCredential.OAuthClient(a.ClientId!), a.DisplayName ?? a.ClientId!, "Application")));

        var clients = apps.Select(a => a.ClientId!).Where(c => c is not null).ToList();
        var seen = await Visible(db.UsageRollups, new UsageQuery(ownerId, from, to), clients)
            .Select(r => new { r.CredentialKind, r.CredentialId })
            .Distinct()
            .ToListAsync(cancellationToken);
        foreach (var credential in seen.Select(s => new UsageCredential(s.CredentialKind, s.CredentialId)))
        {
            if (credential.IsNone || options.Any(o => o.Credential == credential))
            {
                continue;
            }

            var label = credential.Kind switch
            {
                CredentialKinds.Session => ("Your portal session", "Session"),
                CredentialKinds.OAuthToken => (await db.Set<OAuthApplication>().AsNoTracking().Where(a => a.ClientId == credential.Id)
                    .Select(a => a.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? credential.Id, "Connected application"),
                _ => (credential.Id, "Credential"),
            };
            options.Add(new UsageCredentialOption(credential, label.Item1, label.Item2));
        }

        return options;
    }

    /// <summary>The scopes of <paramref name="held"/> that no request in the range needed: candidates to remove.</summary>
    public static IReadOnlyList<string> UnusedScopes(IEnumerable<string> held, IReadOnlySet<string> used) =>
        held.Where(scope => !used.Any(needed => ScopeCatalog.Satisfies([scope], needed))).ToList();

    internal static Task<List<string>> OwnedClientIdsAsync(PortalDbContext db, string ownerId, CancellationToken cancellationToken) =>
        db.Set<OAuthApplication>().AsNoTracking().Where(a => a.OwnerId == ownerId && a.ClientId != null).Select(a => a.ClientId!).ToListAsync(cancellationToken);

    // What an account may see: rows on its data, plus rows of OAuth applications it owns acting on other accounts' data.
    // Two queries concatenated rather than one OR, so each walks its own index (an OR makes SQLite scan).
    private static IQueryable<UsageRollup> Visible(IQueryable<UsageRollup> rollups, UsageQuery query, List<string> clients)
    {
        var owner = query.OwnerId;
        var mine = Filter(rollups.AsNoTracking().Where(r => r.AccountId == owner && r.HourStart >= query.From && r.HourStart < query.To), query);
        if (clients.Count == 0 || query.Credential is { Kind: not CredentialKinds.OAuthToken })
        {
            return mine;
        }

        var apps = Filter(rollups.AsNoTracking().Where(r => r.CredentialKind == CredentialKinds.OAuthToken && clients.Contains(r.CredentialId)
            && r.AccountId != owner && r.HourStart >= query.From && r.HourStart < query.To), query);
        return mine.Concat(apps);
    }

    // Client addresses are counted per day: their rows of the days the range touches count.
    private static IQueryable<UsageRollupDimension> Visible(IQueryable<UsageRollupDimension> rollups, UsageQuery query, List<string> clients)
    {
        var owner = query.OwnerId;
        var day = UsageRollupBuilder.DayOf(query.From);
        var mine = Filter(rollups.AsNoTracking().Where(r => r.AccountId == owner && r.HourStart >= day && r.HourStart < query.To
            && (r.HourStart >= query.From || r.Dimension == UsageDimensions.IpAddress)), query);
        if (clients.Count == 0 || query.Credential is { Kind: not CredentialKinds.OAuthToken })
        {
            return mine;
        }

        var apps = Filter(rollups.AsNoTracking().Where(r => r.CredentialKind == CredentialKinds.OAuthToken && clients.Contains(r.CredentialId)
            && r.AccountId != owner && r.HourStart >= day && r.HourStart < query.To
            && (r.HourStart >= query.From || r.Dimension == UsageDimensions.IpAddress)), query);
        return mine.Concat(apps);
    }

    private static IQueryable<UsageRollup> Filter(IQueryable<UsageRollup> q, UsageQuery query)
    {
        if (query.Credential is { } credential)
        {
            q = q.Where(r => r.CredentialId == credential.Id && r.CredentialKind == credential.Kind);
        }

        return query.Environment is { } environment ? q.Where(r => r.Environment == environment) : q;
    }

    private static IQueryable<UsageRollupDimension> Filter(IQueryable<UsageRollupDimension> q, UsageQuery query)
    {
        if (query.Credential is { } credential)
        {
            q = q.Where(r => r.CredentialId == credential.Id && r.CredentialKind == credential.Kind);
        }

        return query.Environment is { } environment ? q.Where(r => r.Environment == environment) : q;
    }

    private sealed class Sum
    {
        public long Status2xx;
        public long Status3xx;
        public long Status4xx;
        public long Status5xx;
        public long Bytes;
        public readonly long[] Latency = new long[LatencyHistogram.BucketCount];

        public long Requests => Status2xx + Status3xx + Status4xx + Status5xx;
    }
}

/// <summary>A credential the usage filter offers.</summary>
public sealed record UsageCredentialOption(UsageCredential Credential, string Name, string Kind);
