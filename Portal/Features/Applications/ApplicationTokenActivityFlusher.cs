using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Notarial.Portal.Features.Applications;

/// <summary>Writes <see cref="ApplicationTokenActivity"/> to the database every few seconds, and once more on shutdown.</summary>
public sealed partial class ApplicationTokenActivityFlusher(ApplicationTokenActivity activity, TimeProvider time, ILogger<ApplicationTokenActivityFlusher> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync writes what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await activity.FlushAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFlushFailed(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the applications' last token times failed; will try again")]
    private partial void LogFlushFailed(Exception exception);
}
