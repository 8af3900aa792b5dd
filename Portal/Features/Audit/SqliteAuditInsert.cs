using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Notarial.Portal.Features.Audit;

/// <summary>
/// The raw-row insert of <see cref="SqlAuditStore"/> on SQLite, on SQLite's own prepared statement: bind, step, reset
/// for every row, inside the caller's transaction. Microsoft.Data.Sqlite's command does the same underneath but spends
/// about as much again per execution on its own bookkeeping (statement lookup, parameter inference, a data reader);
/// on two cores that difference is a visible share of every API request's CPU (bench/audit.sh).
/// </summary>
internal static class SqliteAuditInsert
{
    /// <summary>The column order of <see cref="SqlAuditStore"/>'s insert; the statement's parameters are ?1..?N in it.</summary>
    public static void Write(SqliteConnection connection, string insertSql, IReadOnlyList<AuditRecord> batch, Func<DateTimeOffset, object> toTime)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(db, raw.sqlite3_prepare_v2(db, insertSql, out var statement));
        using (statement)
        {
            foreach (var r in batch)
            {
                BindTime(statement, 1, toTime(r.OccurredAt));
                Text(statement, 2, AuditLimits.Cut(r.RequestId, AuditLimits.RequestId));
                Text(statement, 3, r.AccountId);
                Text(statement, 4, r.CredentialKind);
                Text(statement, 5, r.CredentialId);
                Text(statement, 6, r.ClientId);
                Text(statement, 7, r.Environment);
                Text(statement, 8, r.Method);
                Text(statement, 9, AuditLimits.Cut(r.Route, AuditLimits.Route));
                Text(statement, 10, AuditLimits.Cut(r.Path, AuditLimits.Path));
                raw.sqlite3_bind_int(statement, 11, r.Status);
                Text(statement, 12, r.ErrorCode);
                raw.sqlite3_bind_double(statement, 13, r.LatencyMs);
                Text(statement, 14, r.IpAddress);
                Text(statement, 15, AuditLimits.Cut(r.UserAgent, AuditLimits.UserAgent));
                Text(statement, 16, r.Scope);
                if (r.ResponseBytes is { } bytes)
                {
                    raw.sqlite3_bind_int64(statement, 17, bytes);
                }
                else
                {
                    raw.sqlite3_bind_null(statement, 17);
                }

                Text(statement, 18, AuditLimits.Cut(r.ClientVersion, AuditLimits.ClientVersion));

                var rc = raw.sqlite3_step(statement);
                raw.sqlite3_reset(statement);
                if (rc != raw.SQLITE_DONE)
                {
                    Check(db, rc);
                }
            }
        }
    }

    private static void Text(sqlite3_stmt statement, int index, string? value)
    {
        if (value is null)
        {
            raw.sqlite3_bind_null(statement, index);
        }
        else
        {
            raw.sqlite3_bind_text16(statement, index, value);
        }
    }

    private static void BindTime(sqlite3_stmt statement, int index, object value)
    {
        switch (value)
        {
            case long ticks: raw.sqlite3_bind_int64(statement, index, ticks); break;
            case string text: raw.sqlite3_bind_text16(statement, index, text); break;
            default: throw new InvalidOperationException($"Unexpected stored form of a time: {value.GetType()}.");
        }
    }

    private static void Check(sqlite3 db, int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }
}
