using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notarial.Portal.Features.OAuth.Keys;

/// <summary>
/// Loads the keys at start and re-reads them on an interval: picks up a rotation made by another instance, switches to
/// a new key when its activation time comes, and makes the next key when the rotation period has passed.
/// </summary>
public sealed partial class SigningKeyMaintenance(SigningKeyRing ring, IOptions<SigningKeyOptions> options, TimeProvider time, ILogger<SigningKeyMaintenance> logger)
    : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await ring.RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReloadInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ring.RefreshAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogRefreshFailed(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Re-reading the authorization server keys failed; the keys in force stay in use")]
    private partial void LogRefreshFailed(Exception exception);
}
