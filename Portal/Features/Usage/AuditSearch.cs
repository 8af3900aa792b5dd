using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Audit;
using Notarial.Portal.Features.Platform;

namespace Notarial.Portal.Features.Usage;

/// <summary>
/// The audit log as an account may read it — requests made on its data and by the OAuth applications it owns — newest
/// first, filtered and paged on the server, and exported as CSV.
/// </summary>
public sealed class AuditSearch(IDbContextFactory<PortalDbContext> contexts)
{
    public const int MaxExportRows = 100_000;

    /// <summary>A page of rows; <c>HasMore</c> says whether another page follows (no COUNT over millions of rows).</summary>
    public async Task<AuditPage> SearchAsync(string ownerId, AuditFilter filter, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = await QueryAsync(db, ownerId, filter, cancellationToken);
        var rows = await query.Skip(skip).Take(take + 1).ToListAsync(cancellationToken);
        return new AuditPage(rows.Take(take).ToList(), rows.Count > take);
    }

    /// <summary>Writes the filtered rows as CSV (at most <see cref="MaxExportRows"/>), streaming from the database.</summary>
    public async Task WriteCsvAsync(string ownerId, AuditFilter filter, TextWriter output, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = await QueryAsync(db, ownerId, filter, cancellationToken);
        await output.WriteLineAsync(CsvLine.Of("time", "request_id", "method", "route", "path", "status", "error_code", "latency_ms",
            "credential_kind", "credential_id", "client_id", "environment", "ip", "user_agent", "client_version"));
        await foreach (var e in query.Take(MaxExportRows).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            await output.WriteLineAsync(CsvLine.Of(
                e.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                e.RequestId, e.Method, e.Route, e.Path, e.Status.ToString(CultureInfo.InvariantCulture), e.ErrorCode,
                e.LatencyMs.ToString("0.###", CultureInfo.InvariantCulture), e.CredentialKind, e.CredentialId, e.ClientId, e.Environment,
                e.IpAddress, e.UserAgent, e.ClientVersion));
        }

        await output.FlushAsync(cancellationToken);
    }

    private static async Task<IQueryable<AuditLogEntry>> QueryAsync(PortalDbContext db, string ownerId, AuditFilter filter, CancellationToken cancellationToken)
    {
        var clients = await UsageReports.OwnedClientIdsAsync(db, ownerId, cancellationToken);
        var q = db.AuditLog.AsNoTracking().Where(e => e.AccountId == ownerId || (e.ClientId != null && clients.Contains(e.ClientId)));
        if (filter.Credential is { } credential)
        {
            q = credential.Kind switch
            {
                CredentialKinds.OAuthToken => q.Where(e => e.ClientId == credential.Id),
                CredentialKinds.Session => q.Where(e => e.CredentialKind == CredentialKinds.Session && e.AccountId == credential.Id),
                _ => q.Where(e => e.CredentialId == credential.Id && e.CredentialKind == credential.Kind),
            };
        }

        if (filter.StatusRange is var (min, max))
        {
            q = q.Where(e => e.Status >= min && e.Status <= max);
        }

        if (!string.IsNullOrWhiteSpace(filter.ErrorCode))
        {
            var code = filter.ErrorCode.Trim();
            q = q.Where(e => e.ErrorCode == code);
        }

        if (!string.IsNullOrWhiteSpace(filter.Path))
        {
            var path = filter.Path.Trim();
            q = q.Where(e => e.Path.Contains(path));
        }

        if (!string.IsNullOrWhiteSpace(filter.IpAddress))
        {
            var ip = filter.IpAddress.Trim();
            q = q.Where(e => e.IpAddress == ip);
        }

        if (filter.From is { } from)
        {
            q = q.Where(e => e.OccurredAt >= from);
        }

        if (filter.To is { } to)
        {
            q = q.Where(e => e.OccurredAt < to);
        }

        return q.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id);
    }
}

public sealed record AuditPage(IReadOnlyList<AuditLogEntry> Rows, bool HasMore);
