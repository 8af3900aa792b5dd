using System.Collections.Concurrent;

namespace Notarial.Portal.Features.ScaleOut;

/// <summary>The single-instance lease: one holder per job name within this process.</summary>
public sealed class InProcessJobLease(PortalInstance instance) : IJobLease
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _jobs = new(StringComparer.Ordinal);

    public async Task<IJobLeaseHandle?> TryAcquireAsync(string job, CancellationToken cancellationToken = default)
    {
        var gate = _jobs.GetOrAdd(job, static _ => new SemaphoreSlim(1, 1));
        return await gate.WaitAsync(0, cancellationToken) ? new Lease(gate) : null;
    }

    public Task<string?> HolderAsync(string job, CancellationToken cancellationToken = default) =>
        Task.FromResult(_jobs.TryGetValue(job, out var gate) && gate.CurrentCount == 0 ? instance.Name : null);

    private sealed class Lease(SemaphoreSlim gate) : IJobLeaseHandle
    {
        private int _released;

        public Task<bool> IsHeldAsync(CancellationToken cancellationToken = default) => Task.FromResult(Volatile.Read(ref _released) == 0);

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }

            return ValueTask.CompletedTask;
        }
    }
}
