using Notarial.Portal.Features.ScaleOut;

namespace Notarial.Portal.Features.Plugins;

/// <summary>
/// The plugins run on the instance that holds the "plugins" lease, for as long as it lives: on PostgreSQL one instance
/// of several (another takes over within <see cref="RetryEvery"/> of its death); on SQLite, the only one. Instances
/// without the lease try again at most every <see cref="RetryEvery"/>, so waiting costs a connection now and then, not
/// one per supervisor pass.
/// </summary>
public sealed class LeasePluginPlacement(IJobLease leases, TimeProvider time) : IPluginPlacement, IAsyncDisposable
{
    public const string Job = "plugins";

    public static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IAsyncDisposable? _lease;
    private DateTimeOffset _nextTry = DateTimeOffset.MinValue;

    public async ValueTask<bool> ShouldRunPluginsHereAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_lease is null && time.GetUtcNow() >= _nextTry)
            {
                _lease = await leases.TryAcquireAsync(Job, cancellationToken);
                _nextTry = time.GetUtcNow() + RetryEvery;
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
        }
    }
}
