using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notarial.Portal.Features.Webhooks;

/// <summary>
/// Runs <see cref="WebhookSender"/> passes in the background: at once while there is work and capacity, otherwise when a
/// send finishes or at the poll interval. On stop it lets the sends in flight finish (each is bounded by the timeout).
/// </summary>
public sealed partial class WebhookWorker(WebhookSender sender, IOptions<WebhookOptions> options, ILogger<WebhookWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunSender)
        {
            return;
        }

        // Let the host finish starting (and the database migrate) before the first pass.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = 0;
            try
            {
                started = (await sender.StartDueAsync(stoppingToken)).Count;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                LogPassFailed(exception);
            }

            if (started == 0 || sender.InFlight >= options.Value.MaxConcurrency)
            {
                try
                {
                    await sender.WaitForWorkAsync(options.Value.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        await sender.DrainAsync();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A webhook sending pass failed; trying again at the next poll")]
    private partial void LogPassFailed(Exception exception);
}
