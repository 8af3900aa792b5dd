using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notarial.Portal.Data;

namespace Notarial.Portal.Features.Webhooks;

/// <summary>
/// Deletes finished deliveries (delivered or failed for good) older than <see cref="WebhookOptions.RetainDeliveriesFor"/>
/// with their attempts, then events that old which no delivery points to any more — by the clock of
/// <see cref="TimeProvider"/>, every <see cref="WebhookOptions.RetentionInterval"/>, in chunks so the single SQLite
/// writer is never held for long. A delivery still being retried is never deleted, whatever its age.
/// </summary>
public sealed partial class WebhookRetention(
    IDbContextFactory<PortalDbContext> contexts,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookRetention> logger) : BackgroundService
{
    private const int Chunk = 5_000;

    /// <summary>Runs once now; returns the deliveries (with their attempts) and the events deleted.</summary>
    public async Task<(int Deliveries, int Events)> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = time.GetUtcNow() - options.Value.RetainDeliveriesFor;
        await DeleteAsync(db => db.WebhookAttempts.Where(a => db.WebhookDeliveries.Any(d => d.Id == a.DeliveryId && d.State != WebhookDeliveryState.Pending && d.CreatedAt < cutoff)),
            cancellationToken);
        var deliveries = await DeleteAsync(db => db.WebhookDeliveries.Where(d => d.State != WebhookDeliveryState.Pending && d.CreatedAt < cutoff), cancellationToken);
        var events = await DeleteAsync(db => db.WebhookEvents.Where(e => e.CreatedAt < cutoff && !db.WebhookDeliveries.Any(d => d.EventId == e.Id)), cancellationToken);
        if (deliveries + events > 0)
        {
            LogDeleted(deliveries, events, cutoff);
        }

        return (deliveries, events);
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
        using var timer = new PeriodicTimer(options.Value.RetentionInterval, time);
        try
        {
            do
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook retention: deleted {Deliveries} finished delivery(ies) and {Events} event(s) before {Cutoff}")]
    private partial void LogDeleted(int deliveries, int events, DateTimeOffset cutoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook retention failed; it runs again at the next interval")]
    private partial void LogFailed(Exception exception);
}
