using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Notarial.Portal.Data;

/// <summary>
/// Applies pending migrations before the server starts taking requests (hosted services start before Kestrel). On
/// PostgreSQL several instances may start together: each takes a session advisory lock first, so one migrates while the
/// others wait and then find nothing pending.
/// </summary>
public sealed partial class DatabaseMigrator(IDbContextFactory<PortalDbContext> contexts, ILogger<DatabaseMigrator> logger) : IHostedService
{
    /// <summary>The advisory lock key that serialises migrations ("notarial-migrate" as a number; any fixed value works).</summary>
    public const long MigrationLockKey = 0x6E6F74617269616C;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (db is PostgreSqlPortalDbContext)
        {
            await using var lockConnection = new NpgsqlConnection(db.Database.GetConnectionString());
            await lockConnection.OpenAsync(cancellationToken);
            await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lockConnection))
            {
                take.Parameters.AddWithValue("key", MigrationLockKey);
                await take.ExecuteNonQueryAsync(cancellationToken);
            }

            try
            {
                await MigrateAsync(db, cancellationToken);
            }
            finally
            {
                // Explicitly: a pooled connection keeps its session (and the lock) after Close until it is reused.
                await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", lockConnection);
                release.Parameters.AddWithValue("key", MigrationLockKey);
                await release.ExecuteNonQueryAsync(CancellationToken.None);
            }

            return;
        }

        await MigrateAsync(db, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task MigrateAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            LogMigrating(pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} database migration(s): {Migrations}")]
    private partial void LogMigrating(int count, string migrations);
}
