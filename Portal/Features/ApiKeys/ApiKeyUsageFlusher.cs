using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notarial.Portal.Data;

namespace Notarial.Portal.Features.ApiKeys;

/// <summary>
/// Writes the "last used" stamps of <see cref="ApiKeyUsageTracker"/> to the database every few seconds, in one
/// transaction, and once more when the host stops, so a graceful shutdown loses nothing. A write never moves a stamp
/// backwards (another instance may have written a later one).
/// </summary>
public sealed partial class ApiKeyUsageFlusher(
    ApiKeyUsageTracker tracker,
    IDbContextFactory<PortalDbContext> contexts,
    IOptions<ApiKeyOptions> options,
    TimeProvider time,
    ILogger<ApiKeyUsageFlusher> logger) : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(CancellationToken.None);
    }

    /// <summary>Writes what is pending now; returns how many keys were written.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken)
    {
        var batch = tracker.Drain();
        if (batch.Count == 0)
        {
            return 0;
        }

        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var (id, usage) in batch)
            {
                var at = usage.At;
                var ip = usage.IpAddress;
                await db.ApiKeys
                    .Where(k => k.Id == id && (k.LastUsedAt == null || k.LastUsedAt < at))
                    .ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, at).SetProperty(k => k.LastUsedIp, ip), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return batch.Count;
        }
        catch (Exception exception)
        {
            // Nothing drained is lost: put it back for the next attempt (or the final flush at shutdown).
            tracker.Requeue(batch);
            if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            LogFlushFailed(exception, batch.Count);
            return 0;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.UsageFlushSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync writes what is left.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write last-used times of {Count} API key(s); will retry")]
    private partial void LogFlushFailed(Exception exception, int count);
}
