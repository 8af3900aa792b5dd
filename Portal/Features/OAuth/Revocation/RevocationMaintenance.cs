using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Notarial.Portal.Features.OAuth.Revocation;

/// <summary>
/// Loads the revocation list before the server takes requests, then re-reads it every few seconds (the safety net for a
/// lost invalidation message between instances) and purges entries that can no longer matter.
/// </summary>
public sealed partial class RevocationMaintenance(TokenRevocationList revocations, TimeProvider time, ILogger<RevocationMaintenance> logger) : BackgroundService
{
    /// <summary>The longest a revocation made on another instance can go unseen here if its message is lost.</summary>
    public static readonly TimeSpan SyncInterval = TimeSpan.FromSeconds(10);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await revocations.SyncAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SyncInterval, time);
        var ticks = 0;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await revocations.SyncAsync(stoppingToken);
                if (++ticks % 360 == 0)
                {
                    await revocations.PurgeAsync(stoppingToken);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSyncFailed(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-reading the token revocation list failed; will try again")]
    private partial void LogSyncFailed(Exception exception);
}
