using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notarial.Portal.Data;
using Notarial.Portal.Features.ScaleOut;

namespace Notarial.Portal.Features.Audit;

/// <summary>
/// Deletes raw audit rows older than <see cref="AuditOptions.RetentionDays"/> and rollups older than
/// <see cref="AuditOptions.RollupRetentionDays"/>, by the clock of <see cref="TimeProvider"/>, in small chunks so the
/// single SQLite writer is never held for long.
/// </summary>
public sealed partial class AuditRetention(
    IDbContextFactory<PortalDbContext> contexts,
    IOptions<AuditOptions> options,
    IJobLease leases,
    TimeProvider time,
    ILogger<AuditRetention> logger) : BackgroundService
{
    private const int Chunk = 5_000;

    /// <summary>Runs once now; returns the audit rows and rollup rows deleted.</summary>
    public async Task<(int AuditRows, int RollupRows)> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var auditCutoff = now - TimeSpan.FromDays(options.Value.RetentionDays);
        var rollupCutoff = now - TimeSpan.FromDays(options.Value.RollupRetentionDays);

        var auditRows = await DeleteAsync(db => db.AuditLog.Where(e => e.OccurredAt < auditCutoff), cancellationToken);
        var rollupRows = await DeleteAsync(db => db.UsageRollups.Where(e => e.HourStart < rollupCutoff), cancellationToken);
        rollupRows += await DeleteAsync(db => db.UsageRollupDimensions.Where(e => e.HourStart < rollupCutoff), cancellationToken);
        if (auditRows + rollupRows > 0)
        {
            LogDeleted(auditRows, auditCutoff, rollupRows, rollupCutoff);
        }

        return (auditRows, rollupRows);
    }

    private async Task<int> DeleteAsync<T>(Func<PortalDbContext, IQueryable<T>> old, CancellationToken cancellationToken)
        where T : class
    {
        var total = 0;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var deleted = await old(db).Take(Chunk).ExecuteDeleteAsync(cancellationToken);
            total += deleted;
            if (deleted < Chunk)
            {
                return total;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.RetentionIntervalMinutes), time);
        try
        {
            do
            {
                try
                {
                    // One instance deletes; the others skip the run.
                    await using var lease = await leases.TryAcquireAsync("audit-retention", stoppingToken);
                    if (lease is not null)
                    {
                        await RunOnceAsync(stoppingToken);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogFailed(exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit retention: deleted {AuditRows} audit row(s) before {AuditCutoff} and {RollupRows} rollup row(s) before {RollupCutoff}")]
    private partial void LogDeleted(int auditRows, DateTimeOffset auditCutoff, int rollupRows, DateTimeOffset rollupCutoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit retention failed; it runs again at the next interval")]
    private partial void LogFailed(Exception exception);
}
