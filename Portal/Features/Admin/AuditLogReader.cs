using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Features.Admin;

/// <summary>Filters of the audit tab. Actor and subject are an email address or a user id; dates are UTC.</summary>
public sealed record AuditFilter(string? Type = null, string? Actor = null, string? Subject = null, string? Target = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

public sealed record AuditRow(
    long Id,
    DateTimeOffset OccurredAt,
    string Type,
    string? ActorUserId,
    string? ActorEmail,
    string? SubjectUserId,
    string? SubjectEmail,
    string? TargetType,
    string? TargetId,
    string? Reason,
    string? Details,
    string? IpAddress)
{
    public string Description => SecurityActivity.Describe(Type);
}

/// <summary>
/// The platform-wide security events for staff: filtered on indexed columns (type, actor, subject, target, time),
/// newest first, one page at a time, and as CSV. The platform's request log joins this tab when it exists.
/// </summary>
public sealed class AuditLogReader(IDbContextFactory<PortalDbContext> contexts)
{
    /// <summary>The most rows one CSV export holds; narrow the filters for more.</summary>
    public const int MaxExportRows = 100_000;

    public async Task<AdminPage<AuditRow>> SearchAsync(StaffActor actor, AuditFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await StaffPowersReader.RequireAsync(db, actor, cancellationToken);
        var events = await FilteredAsync(db, filter, cancellationToken);
        var total = await events.Take(AdminDirectory.CountCap + 1).CountAsync(cancellationToken);
        var rows = await RowsAsync(db, events.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Skip(Math.Max(0, page) * pageSize).Take(Math.Clamp(pageSize, 1, 100)), cancellationToken);
        return new AdminPage<AuditRow>(rows, Math.Min(total, AdminDirectory.CountCap), total > AdminDirectory.CountCap);
    }

    /// <summary>Writes the filtered events as CSV (header first, newest first, at most <see cref="MaxExportRows"/>), in batches.</summary>
    public async Task WriteCsvAsync(StaffActor actor, AuditFilter filter, TextWriter writer, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await StaffPowersReader.RequireAsync(db, actor, cancellationToken);
        var events = await FilteredAsync(db, filter, cancellationToken);
        await writer.WriteLineAsync("time_utc,type,description,actor_id,actor_email,subject_id,subject_email,target_type,target_id,reason,details,ip");
        const int batch = 1000;
        long? beforeId = null;
        DateTimeOffset? beforeTime = null;
        for (var written = 0; written < MaxExportRows;)
        {
            var query = events;
            if (beforeTime is { } t && beforeId is { } id)
            {
                // Keyset paging: stays fast however deep the export goes.
                query = query.Where(e => e.OccurredAt < t || (e.OccurredAt == t && e.Id < id));
            }

            var rows = await RowsAsync(db, query.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Take(Math.Min(batch, MaxExportRows - written)), cancellationToken);
            foreach (var row in rows)
            {
                await writer.WriteLineAsync(string.Join(',', [
                    Cell(row.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)), Cell(row.Type), Cell(row.Description),
                    Cell(row.ActorUserId), Cell(row.ActorEmail), Cell(row.SubjectUserId), Cell(row.SubjectEmail), Cell(row.TargetType), Cell(row.TargetId),
                    Cell(row.Reason), Cell(row.Details), Cell(row.IpAddress)]));
            }

            written += rows.Count;
            if (rows.Count < batch)
            {
                break;
            }

            beforeTime = rows[^1].OccurredAt;
            beforeId = rows[^1].Id;
        }
    }

    /// <summary>A CSV cell: quoted when needed, and never starting with a formula character (spreadsheets would run it).</summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static async Task<IQueryable<SecurityEvent>> FilteredAsync(PortalDbContext db, AuditFilter filter, CancellationToken cancellationToken)
    {
        var events = db.SecurityEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Type))
        {
            var type = filter.Type.Trim();
            events = type.EndsWith('.') ? events.Where(e => string.Compare(e.Type, type) >= 0 && string.Compare(e.Type, type + "\uffff") < 0) : events.Where(e => e.Type == type);
        }

        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var (id, email) = await PersonAsync(db, filter.Actor.Trim(), cancellationToken);
            events = id is not null ? events.Where(e => e.ActorUserId == id) : events.Where(e => e.ActorEmail == email);
        }

        if (!string.IsNullOrWhiteSpace(filter.Subject))
        {
            var (id, email) = await PersonAsync(db, filter.Subject.Trim(), cancellationToken);
            var subject = id ?? email;
            events = events.Where(e => e.SubjectUserId == subject);
        }

        if (!string.IsNullOrWhiteSpace(filter.Target))
        {
            var target = filter.Target.Trim();
            events = events.Where(e => e.TargetId == target);
        }

        if (filter.From is { } from)
        {
            events = events.Where(e => e.OccurredAt >= from);
        }

        if (filter.To is { } to)
        {
            events = events.Where(e => e.OccurredAt < to);
        }

        return events;
    }

    /// <summary>A user id for an email address or id; the text itself when no account matches (deleted accounts).</summary>
    private static async Task<(string? Id, string Text)> PersonAsync(PortalDbContext db, string text, CancellationToken cancellationToken)
    {
        var normalized = text.ToUpperInvariant();
        var id = await db.Users.Where(u => u.Id == text || u.NormalizedEmail == normalized).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
        return (id ?? (text.Contains('@', StringComparison.Ordinal) ? null : text), text);
    }

    private static async Task<List<AuditRow>> RowsAsync(PortalDbContext db, IQueryable<SecurityEvent> events, CancellationToken cancellationToken) =>
        await events.Select(e => new AuditRow(e.Id, e.OccurredAt, e.Type, e.ActorUserId, e.ActorEmail, e.SubjectUserId,
                db.Users.Where(u => u.Id == e.SubjectUserId).Select(u => u.Email).FirstOrDefault(),
                e.TargetType, e.TargetId, e.Reason, e.Details, e.IpAddress))
            .ToListAsync(cancellationToken);
}
