using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Audit;
using Notarial.Portal.Features.OAuth;
using Notarial.Portal.Features.Usage;

namespace Notarial.Portal.Features.Admin;

/// <summary>
/// Filters of the platform request log. Account: an email address or user id (whose data the request reached).
/// Credential: an API key id, a key hint or its start (<c>notary_xK9m</c>), an OAuth client id, or an application's or
/// plugin's name. Status: "4xx" or "429".
/// Path: part of the path, or the route template exactly. Dates are UTC, [From, To). Request id: the X-Request-ID a
/// caller quotes (see <see cref="RequestIdWindow"/>).
/// </summary>
public sealed record AdminRequestFilter(
    string? Account = null,
    string? Credential = null,
    string? Status = null,
    string? Path = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? RequestId = null)
{
    /// <summary>How far a portal-made request id's own time may lie from the row's time (the id is made as the
    /// request arrives; the row's time is taken then too).</summary>
    public static readonly TimeSpan RequestIdSlack = TimeSpan.FromMinutes(5);

    /// <summary>How far back a request id the caller chose itself is looked for when no dates are given.</summary>
    public static readonly TimeSpan SuppliedRequestIdLookback = TimeSpan.FromDays(1);

    /// <summary>
    /// The time range to look for <see cref="RequestId"/> in. audit_log keeps no index on request ids (it would cost every
    /// API request an index insert): the ids the portal makes are <c>req_</c> + a UUIDv7, whose first 48 bits are the
    /// time it was made, so the row is found through the time index; an id the caller supplied is looked for within the
    /// filter's dates, or the last day.
    /// </summary>
    public (DateTimeOffset From, DateTimeOffset To)? RequestIdWindow(DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(RequestId))
        {
            return null;
        }

        if (PortalRequestIdTime(RequestId.Trim()) is { } made)
        {
            return (made - RequestIdSlack, made + RequestIdSlack);
        }

        return (From ?? (To ?? now) - SuppliedRequestIdLookback, To ?? now + RequestIdSlack);
    }

    /// <summary>The time in a request id the portal made (<c>req_</c> + 32 hex digits of a version 7 UUID), else null.</summary>
    public static DateTimeOffset? PortalRequestIdTime(string requestId)
    {
        if (requestId.Length != 36 || !requestId.StartsWith("req_", StringComparison.Ordinal) ||
            !Guid.TryParseExact(requestId.AsSpan(4), "N", out var guid) || guid.Version != 7 ||
            !long.TryParse(requestId.AsSpan(4, 12), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return null;
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
    }

    /// <summary>What is wrong with the filter, or null when it is usable.</summary>
    public string? Problem() =>
        new Usage.AuditFilter { Status = Status }.StatusRange is (-1, -1) ? "Status is a code (429) or a class (4xx)." : null;
}

public sealed record AdminRequestRow(
    long Id,
    DateTimeOffset OccurredAt,
    string RequestId,
    string Method,
    string Path,
    string? Route,
    int Status,
    string? ErrorCode,
    double LatencyMs,
    string? AccountId,
    string? AccountEmail,
    string? CredentialKind,
    string? CredentialId,
    string? ClientId,
    string? Environment,
    string? IpAddress,
    string? UserAgent,
    string? ClientName = null,
    bool IsPlugin = false)
{
    /// <summary>"API key 3f2a…", "OAuth app Acme CLI (acme-cli)", "plugin Nightly report (plugin-3f2a…)", "portal session", or "none".</summary>
    public string CredentialText => CredentialKind switch
    {
        Platform.CredentialKinds.ApiKey => "API key " + Short(CredentialId),
        Platform.CredentialKinds.OAuthToken when ClientName is { Length: > 0 } name => (IsPlugin ? "plugin " : "OAuth app ") + name + " (" + (ClientId ?? Short(CredentialId)) + ")",
        Platform.CredentialKinds.OAuthToken => "OAuth app " + (ClientId ?? Short(CredentialId)),
        Platform.CredentialKinds.Session => "portal session",
        _ => "none recognised",
    };

    /// <summary>The row as the audit pipeline's entry, for the shared request table (<see cref="Usage.AuditRequestTable"/>).</summary>
    public AuditLogEntry ToEntry() => new()
    {
        Id = Id,
        OccurredAt = OccurredAt,
        RequestId = RequestId,
        Method = Method,
        Path = Path,
        Route = Route,
        Status = Status,
        ErrorCode = ErrorCode,
        LatencyMs = LatencyMs,
        AccountId = AccountId,
        CredentialKind = CredentialKind,
        CredentialId = CredentialId,
        ClientId = ClientId,
        Environment = Environment,
        IpAddress = IpAddress,
        UserAgent = UserAgent,
    };

    private static string Short(string? id) => id is null ? "" : id.Length <= 8 ? id : id[..8] + "…";
}

/// <summary>
/// The platform's request log (<c>audit_log</c>, written by the audit pipeline) for staff: every account's requests,
/// filtered on indexed columns where it matters (account, credential, client, time), newest first, one page at a time,
/// and as CSV. Counting stops at <see cref="AdminDirectory.CountCap"/>. Each call checks the actor's powers.
/// </summary>
public sealed class AdminRequestLog(IDbContextFactory<PortalDbContext> contexts, TimeProvider time)
{
    /// <summary>The most rows one CSV export holds; narrow the filters for more.</summary>
    public const int MaxExportRows = 100_000;

    public async Task<AdminPage<AdminRequestRow>> SearchAsync(StaffActor actor, AdminRequestFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await StaffPowersReader.RequireAsync(db, actor, cancellationToken);
        var requests = await FilteredAsync(db, filter, time.GetUtcNow(), cancellationToken);
        var total = await requests.Take(AdminDirectory.CountCap + 1).CountAsync(cancellationToken);
        var size = Math.Clamp(pageSize, 1, 100);
        var rows = await RowsAsync(db, Newest(requests).Skip(Math.Max(0, page) * size).Take(size), cancellationToken);
        return new AdminPage<AdminRequestRow>(rows, Math.Min(total, AdminDirectory.CountCap), total > AdminDirectory.CountCap);
    }

    /// <summary>Writes the filtered requests as CSV (header first, newest first, at most <see cref="MaxExportRows"/>), in keyset batches.</summary>
    public async Task WriteCsvAsync(StaffActor actor, AdminRequestFilter filter, TextWriter writer, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await StaffPowersReader.RequireAsync(db, actor, cancellationToken);
        var requests = await FilteredAsync(db, filter, time.GetUtcNow(), cancellationToken);
        await writer.WriteLineAsync(CsvLine.Of("time", "request_id", "method", "route", "path", "status", "error_code", "latency_ms",
            "account_id", "account_email", "credential_kind", "credential_id", "client_id", "environment", "ip", "user_agent", "client_name"));
        const int batch = 1000;
        long? beforeId = null;
        DateTimeOffset? beforeTime = null;
        for (var written = 0; written < MaxExportRows;)
        {
            var query = requests;
            if (beforeTime is { } t && beforeId is { } id)
            {
                query = query.Where(e => e.OccurredAt < t || (e.OccurredAt == t && e.Id < id));
            }

            var rows = await RowsAsync(db, Newest(query).Take(Math.Min(batch, MaxExportRows - written)), cancellationToken);
            foreach (var e in rows)
            {
                await writer.WriteLineAsync(CsvLine.Of(
                    e.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                    e.RequestId, e.Method, e.Route, e.Path, e.Status.ToString(CultureInfo.InvariantCulture), e.ErrorCode,
                    e.LatencyMs.ToString("0.###", CultureInfo.InvariantCulture), e.AccountId, e.AccountEmail, e.CredentialKind, e.CredentialId,
                    e.ClientId, e.Environment, e.IpAddress, e.UserAgent, e.ClientName));
            }

            written += rows.Count;
            if (rows.Count < batch)
            {
                break;
            }

            beforeTime = rows[^1].OccurredAt;
            beforeId = rows[^1].Id;
        }

        await writer.FlushAsync(cancellationToken);
    }

    private static IQueryable<AuditLogEntry> Newest(IQueryable<AuditLogEntry> requests) =>
        requests.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id);

    private static async Task<IQueryable<AuditLogEntry>> FilteredAsync(PortalDbContext db, AdminRequestFilter filter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var q = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Account))
        {
            var text = filter.Account.Trim();
            var normalized = text.ToUpperInvariant();
            var id = await db.Users.Where(u => u.Id == text || u.NormalizedEmail == normalized).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken)
                     ?? (text.Contains('@', StringComparison.Ordinal) ? "\0no such account" : text); // a deleted account's id still finds its rows
            q = q.Where(e => e.AccountId == id);
        }

        if (!string.IsNullOrWhiteSpace(filter.Credential))
        {
            var credential = filter.Credential.Trim();
            if (UsageCredential.Parse(credential) is { } parsed)
            {
                credential = parsed.Id;
            }

            if (credential.StartsWith("notary_", StringComparison.Ordinal))
            {
                // A key's hint, or its start: the ids of the matching keys (at most 100).
                var end = credential + "\uffff";
                var ids = await db.ApiKeys.AsNoTracking().Where(k => string.Compare(k.Hint, credential) >= 0 && string.Compare(k.Hint, end) < 0)
                    .Select(k => k.Id).Take(100).ToListAsync(cancellationToken);
                var texts = ids.Select(i => i.ToString()).ToList();
                q = q.Where(e => texts.Contains(e.CredentialId!));
            }
            else
            {
                // A client id, a credential id, or an application's (or plugin's) name exactly.
                var named = await db.Set<OAuthApplication>().AsNoTracking().Where(a => a.DisplayName == credential && a.ClientId != null)
                    .Select(a => a.ClientId!).Take(100).ToListAsync(cancellationToken);
                q = named.Count == 0
                    ? q.Where(e => e.CredentialId == credential || e.ClientId == credential)
                    : q.Where(e => e.CredentialId == credential || e.ClientId == credential || named.Contains(e.ClientId!));
            }
        }

        if (new Usage.AuditFilter { Status = filter.Status }.StatusRange is var (min, max))
        {
            q = q.Where(e => e.Status >= min && e.Status <= max);
        }

        if (!string.IsNullOrWhiteSpace(filter.Path))
        {
            var path = filter.Path.Trim();
            q = q.Where(e => e.Route == path || e.Path.Contains(path));
        }

        if (filter.RequestIdWindow(now) is var (idFrom, idTo))
        {
            var requestId = filter.RequestId!.Trim();
            q = q.Where(e => e.RequestId == requestId && e.OccurredAt >= idFrom && e.OccurredAt <= idTo);
        }

        if (filter.From is { } from)
        {
            q = q.Where(e => e.OccurredAt >= from);
        }

        if (filter.To is { } to)
        {
            q = q.Where(e => e.OccurredAt < to);
        }

        return q;
    }

    private static async Task<List<AdminRequestRow>> RowsAsync(PortalDbContext db, IQueryable<AuditLogEntry> requests, CancellationToken cancellationToken) =>
        await requests.Select(e => new AdminRequestRow(e.Id, e.OccurredAt, e.RequestId, e.Method, e.Path, e.Route, e.Status, e.ErrorCode, e.LatencyMs,
                e.AccountId, db.Users.Where(u => u.Id == e.AccountId).Select(u => u.Email).FirstOrDefault(),
                e.CredentialKind, e.CredentialId, e.ClientId, e.Environment, e.IpAddress, e.UserAgent,
                e.ClientId == null ? null : db.Set<OAuthApplication>().Where(a => a.ClientId == e.ClientId).Select(a => a.DisplayName).FirstOrDefault(),
                e.ClientId != null && db.Set<OAuthApplication>().Any(a => a.ClientId == e.ClientId && a.Kind == ApplicationKind.Plugin)))
            .ToListAsync(cancellationToken);
}
