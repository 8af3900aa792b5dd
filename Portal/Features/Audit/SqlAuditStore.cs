using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Notarial.Portal.Data;

namespace Notarial.Portal.Features.Audit;

/// <summary>
/// Writes a batch with reused commands (SQLite keeps their statements compiled) on one connection and one transaction: an INSERT per raw row, then an
/// INSERT … ON CONFLICT DO UPDATE per rollup hour and per dimension value the batch touched (the batch's sums added to
/// what is stored, so several writers — several instances — can add to the same hour). EF Core would track every row;
/// at thousands of requests per second that bookkeeping is what the writer's share of the CPU would go to.
/// </summary>
public sealed class SqlAuditStore(IDbContextFactory<PortalDbContext> contexts) : IAuditStore
{
    private static readonly string[] AuditColumns =
    [
        nameof(AuditLogEntry.OccurredAt), nameof(AuditLogEntry.RequestId), nameof(AuditLogEntry.AccountId), nameof(AuditLogEntry.CredentialKind),
        nameof(AuditLogEntry.CredentialId), nameof(AuditLogEntry.ClientId), nameof(AuditLogEntry.Environment), nameof(AuditLogEntry.Method),
        nameof(AuditLogEntry.Route), nameof(AuditLogEntry.Path), nameof(AuditLogEntry.Status), nameof(AuditLogEntry.ErrorCode),
        nameof(AuditLogEntry.LatencyMs), nameof(AuditLogEntry.IpAddress), nameof(AuditLogEntry.UserAgent), nameof(AuditLogEntry.Scope),
        nameof(AuditLogEntry.ResponseBytes), nameof(AuditLogEntry.ClientVersion),
    ];

    private static readonly string[] RollupKey =
    [
        nameof(UsageRollup.CredentialId), nameof(UsageRollup.HourStart), nameof(UsageRollup.CredentialKind), nameof(UsageRollup.AccountId),
        nameof(UsageRollup.Environment),
    ];

    private static readonly string[] RollupSums =
    [
        nameof(UsageRollup.Requests), nameof(UsageRollup.Status2xx), nameof(UsageRollup.Status3xx), nameof(UsageRollup.Status4xx),
        nameof(UsageRollup.Status5xx), nameof(UsageRollup.LatencyTotalMs), nameof(UsageRollup.ResponseBytes), .. UsageRollup.LatencyColumns,
    ];

    private static readonly string[] DimensionKey = [.. RollupKey, nameof(UsageRollupDimension.Dimension), nameof(UsageRollupDimension.Value)];

    private static readonly string InsertAudit =
        $"INSERT INTO audit_log ({Columns(AuditColumns)}) VALUES ({Parameters(AuditColumns.Length)})";

    /// <summary>The same insert with SQLite's positional parameters, for <see cref="SqliteAuditInsert"/>.</summary>
    private static readonly string InsertAuditSqlite =
        $"INSERT INTO audit_log ({Columns(AuditColumns)}) VALUES ({string.Join(", ", Enumerable.Range(1, AuditColumns.Length).Select(i => "?" + i))})";

    private static readonly string UpsertRollup = Upsert("usage_rollups", RollupKey, RollupSums);

    private static readonly string UpsertDimension = Upsert("usage_rollup_dimensions", DimensionKey, [nameof(UsageRollupDimension.Count)]);

    private Func<DateTimeOffset, object>? _toTime;

    public async Task WriteAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var toTime = _toTime ??= TimeConverter(db);
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        var dbTransaction = transaction.GetDbTransaction();

        if (connection is SqliteConnection sqlite)
        {
            SqliteAuditInsert.Write(sqlite, InsertAuditSqlite, batch, toTime);
        }
        else
        {
            await InsertAsync(connection, dbTransaction, batch, toTime, cancellationToken);
        }

        var (rollups, dimensions) = UsageRollupBuilder.Build(batch);
        await using (var upsert = Command(connection, dbTransaction, UpsertRollup, RollupKey.Length + RollupSums.Length))
        {
            var p = upsert.Parameters;
            foreach (var r in rollups)
            {
                SetKey(p, toTime, r.CredentialId, r.HourStart, r.CredentialKind, r.AccountId, r.Environment);
                var i = RollupKey.Length;
                p[i++].Value = r.Requests;
                p[i++].Value = r.Status2xx;
                p[i++].Value = r.Status3xx;
                p[i++].Value = r.Status4xx;
                p[i++].Value = r.Status5xx;
                p[i++].Value = r.LatencyTotalMs;
                p[i++].Value = r.ResponseBytes;
                foreach (var count in r.GetLatencyBuckets())
                {
                    p[i++].Value = count;
                }

                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await using (var upsert = Command(connection, dbTransaction, UpsertDimension, DimensionKey.Length + 1))
        {
            var p = upsert.Parameters;
            foreach (var d in dimensions)
            {
                SetKey(p, toTime, d.CredentialId, d.HourStart, d.CredentialKind, d.AccountId, d.Environment);
                p[5].Value = d.Dimension;
                p[6].Value = d.Value;
                p[7].Value = d.Count;
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task InsertAsync(DbConnection connection, DbTransaction dbTransaction, IReadOnlyList<AuditRecord> batch, Func<DateTimeOffset, object> toTime, CancellationToken cancellationToken)
    {
        await using var insert = Command(connection, dbTransaction, InsertAudit, AuditColumns.Length);
        var p = insert.Parameters;
        foreach (var r in batch)
        {
            p[0].Value = toTime(r.OccurredAt);
            p[1].Value = AuditLimits.Cut(r.RequestId, AuditLimits.RequestId);
            p[2].Value = (object?)r.AccountId ?? DBNull.Value;
            p[3].Value = (object?)r.CredentialKind ?? DBNull.Value;
            p[4].Value = (object?)r.CredentialId ?? DBNull.Value;
            p[5].Value = (object?)r.ClientId ?? DBNull.Value;
            p[6].Value = (object?)r.Environment ?? DBNull.Value;
            p[7].Value = r.Method;
            p[8].Value = (object?)AuditLimits.Cut(r.Route, AuditLimits.Route) ?? DBNull.Value;
            p[9].Value = AuditLimits.Cut(r.Path, AuditLimits.Path);
            p[10].Value = r.Status;
            p[11].Value = (object?)r.ErrorCode ?? DBNull.Value;
            p[12].Value = r.LatencyMs;
            p[13].Value = (object?)r.IpAddress ?? DBNull.Value;
            p[14].Value = (object?)AuditLimits.Cut(r.UserAgent, AuditLimits.UserAgent) ?? DBNull.Value;
            p[15].Value = (object?)r.Scope ?? DBNull.Value;
            p[16].Value = (object?)r.ResponseBytes ?? DBNull.Value;
            p[17].Value = (object?)AuditLimits.Cut(r.ClientVersion, AuditLimits.ClientVersion) ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static void SetKey(DbParameterCollection p, Func<DateTimeOffset, object> toTime, string credentialId, DateTimeOffset hour, string kind, string account, string environment)
    {
        p[0].Value = credentialId;
        p[1].Value = toTime(hour);
        p[2].Value = kind;
        p[3].Value = account;
        p[4].Value = environment;
    }

    /// <summary>Times as the provider stores them (SQLite: the model's 64-bit conversion; others: as they are).</summary>
    private static Func<DateTimeOffset, object> TimeConverter(PortalDbContext db)
    {
        var converter = db.Model.FindEntityType(typeof(AuditLogEntry))!.FindProperty(nameof(AuditLogEntry.OccurredAt))!.GetTypeMapping().Converter;
        return converter is null ? static value => value : value => converter.ConvertToProvider(value)!;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, int parameterCount)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < parameterCount; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static string Columns(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"\"{n}\""));

    private static string Parameters(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => "@p" + i));

    private static string Upsert(string table, string[] key, string[] sums) =>
        $"INSERT INTO {table} ({Columns([.. key, .. sums])}) VALUES ({Parameters(key.Length + sums.Length)}) " +
        $"ON CONFLICT ({Columns(key)}) DO UPDATE SET " +
        string.Join(", ", sums.Select(s => $"\"{s}\" = {table}.\"{s}\" + excluded.\"{s}\""));
}
