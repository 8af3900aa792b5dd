using Microsoft.Extensions.Logging;
using Notarial.Portal.Features.ScaleOut;

namespace Notarial.Portal.Features.Plugins;

/// <summary>
/// Several instances: the plugins run on the one that holds the "plugins" lease (<see cref="IJobLease"/>, a PostgreSQL
/// session advisory lock). The holder checks before every supervisor pass that it still has the lease; the others try
/// to take it on every pass, so when the holder dies (its database session ends with it) or loses its session, another
/// instance takes over within a pass or two, and the one that lost it stops its plugins. On one instance the lease is
/// in-process and always this instance's. Instances without the lease try for it at most every <see cref="RetryEvery"/>
/// (a try opens a database session), so a takeover comes within that plus a supervisor pass.
/// </summary>
public sealed partial class LeasedPluginPlacement(IJobLease leases, TimeProvider time, ILogger<LeasedPluginPlacement> logger) : IPluginPlacement, IAsyncDisposable
{
    public const string Job = "plugins";

    public static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IJobLeaseHandle? _lease;
    private long _nextTry;

    public async ValueTask<bool> ShouldRunPluginsHereAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_lease is not null)
            {
                if (await _lease.IsHeldAsync(cancellationToken))
                {
                    return true;
                }

                // Lost: stop the plugins now and let the others have the first try at the lease (next pass, this
                // instance tries again like any other).
                LogLeaseLost();
                await _lease.DisposeAsync();
                _lease = null;
                _nextTry = time.GetTimestamp() + (long)(RetryEvery.TotalSeconds * time.TimestampFrequency);
                return false;
            }

            if (_nextTry != 0 && time.GetTimestamp() < _nextTry)
            {
                return false;
            }

            _lease = await leases.TryAcquireAsync(Job, cancellationToken);
            _nextTry = time.GetTimestamp() + (long)(RetryEvery.TotalSeconds * time.TimestampFrequency);
            if (_lease is not null)
            {
                LogLeaseTaken();
            }

            return _lease is not null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<string?> RunnerAsync(CancellationToken cancellationToken) => await leases.HolderAsync(Job, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_lease is not null)
        {
            await _lease.DisposeAsync();
            _lease = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This instance holds the plugins lease: it runs the plugins")]
    private partial void LogLeaseTaken();

    [LoggerMessage(Level = LogLevel.Warning, Message = "This instance lost the plugins lease: it stops its plugins; another instance takes them over")]
    private partial void LogLeaseLost();
}
