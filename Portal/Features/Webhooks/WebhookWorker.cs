using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notarial.Portal.Features.Webhooks;

/// <summary>
/// Runs <see cref="WebhookSender"/> passes in the background: at once while there is work and capacity (within the
/// <see cref="WebhookPacer"/>'s allowance while the API is busy), otherwise when a send finishes or at the poll interval. On stop it lets the sends in flight finish (each is bounded by the timeout).
/// </summary>
public sealed partial class WebhookWorker(WebhookSender sender, WebhookPacer pacer, IOptions<WebhookOptions> options, TimeProvider time,
    ILogger<WebhookWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunSender)
        {
            return;
        }

        // Let the host finish starting (and the database migrate) before the first pass.
        await Task.Yield();
        var paced = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var allowance = pacer.Next();
            if (allowance.Paced != paced)
            {
                paced = allowance.Paced;
                LogPacing(paced);
            }

            try
            {
                if (allowance.Starts == 0)
                {
                    // The API is busy and this second's budget is spent: wait for the next delivery's share.
                    await Task.Delay(allowance.Wait, time, stoppingToken);
                    continue;
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var started = 0;
            try
            {
                started = (await sender.StartDueAsync(allowance.Starts, allowance.MaxInFlight, stoppingToken)).Count;
                pacer.Spent(started);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                LogPassFailed(exception);
            }

            if (started == 0 || sender.InFlight >= allowance.MaxInFlight)
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook sending paced while the platform API is busy: {Paced}")]
    private partial void LogPacing(bool paced);

    [LoggerMessage(Level = LogLevel.Error, Message = "A webhook sending pass failed; trying again at the next poll")]
    private partial void LogPassFailed(Exception exception);
}
