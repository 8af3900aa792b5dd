using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notarial.Portal.Features.ScaleOut;

namespace Notarial.Portal.Features.Expiry;

/// <summary>Runs the reminder job at start and then at the configured interval, on one instance at a time (<see cref="IJobLease"/>).</summary>
public sealed partial class ExpiryReminderWorker(ExpiryReminderService reminders, IJobLease leases, IOptions<ExpiryReminderOptions> options, TimeProvider time,
    ILogger<ExpiryReminderWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunInBackground)
        {
            return;
        }

        await Task.Yield();
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                // One instance sends the reminders of a run; the others skip it.
                await using var lease = await leases.TryAcquireAsync("expiry-reminders", stoppingToken);
                if (lease is not null)
                {
                    await reminders.RunAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogFailed(exception);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The expiry reminder job failed; it runs again at the next interval")]
    private partial void LogFailed(Exception exception);
}
