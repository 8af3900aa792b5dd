using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Notarial.Portal.Features.Audit;

/// <summary>
/// The bounded channel between requests and <see cref="AuditWriter"/>, with the counters health and logs report:
/// queued, written, dropped (queue full or closed) and failed (a batch the database refused after retries).
/// </summary>
public sealed class AuditQueue : IAuditQueue
{
    private readonly Channel<AuditRecord> _channel;
    private readonly object _gate = new();
    private long _queued;
    private long _written;
    private long _dropped;
    private long _failed;
    private long _inFlight;
    private TaskCompletionSource _progress = NewSignal();
    private TaskCompletionSource _flushRequested = NewSignal();

    public AuditQueue(IOptions<AuditOptions> options)
    {
        _channel = Channel.CreateBounded<AuditRecord>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            // Wait mode makes TryWrite answer false when full instead of silently dropping: the overflow gets counted.
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public ChannelReader<AuditRecord> Reader => _channel.Reader;

    public AuditQueueCounters Counters => new(
        Interlocked.Read(ref _queued), Interlocked.Read(ref _written), Interlocked.Read(ref _dropped), Interlocked.Read(ref _failed),
        _channel.Reader.CanCount ? _channel.Reader.Count : 0);

    public bool TryEnqueue(AuditRecord record)
    {
        if (_channel.Writer.TryWrite(record))
        {
            Interlocked.Increment(ref _queued);
            return true;
        }

        Interlocked.Increment(ref _dropped);
        Signal();
        return false;
    }

    public void RequestStarted() => Interlocked.Increment(ref _inFlight);

    public void RequestEnded()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0)
        {
            Signal();
        }
    }

    /// <summary>No more records: the writer drains what is queued and ends.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    internal void Written(int count)
    {
        Interlocked.Add(ref _written, count);
        Signal();
    }

    internal void Failed(int count)
    {
        Interlocked.Add(ref _failed, count);
        Signal();
    }

    /// <summary>Completes when every request started before the call has its record written (or counted as lost).</summary>
    public async Task WhenSettledAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            RequestFlush();
            Task progress;
            lock (_gate)
            {
                progress = _progress.Task;
            }

            var counters = Counters;
            if (Interlocked.Read(ref _inFlight) == 0 && counters.Written + counters.Failed >= counters.Queued)
            {
                return;
            }

            await progress.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Lets the queue fill towards a batch of <paramref name="batchSize"/> for up to <paramref name="delay"/>: ends early
    /// when the batch is full, when someone waits for the queue to settle (<see cref="WhenSettledAsync"/>), or when the
    /// host stops. It is a wait on the machine's clock, not the application's <see cref="TimeProvider"/>: it decides
    /// how many rows go into one transaction, never what a row says.
    /// </summary>
    internal async Task LetBatchFillAsync(int batchSize, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        var until = DateTime.UtcNow + delay;
        const int StepMilliseconds = 10;
        while (_channel.Reader.Count < batchSize && !cancellationToken.IsCancellationRequested)
        {
            Task flush;
            lock (_gate)
            {
                flush = _flushRequested.Task;
            }

            var left = until - DateTime.UtcNow;
            if (flush.IsCompleted || left <= TimeSpan.Zero)
            {
                break;
            }

            var step = TimeSpan.FromMilliseconds(Math.Min(StepMilliseconds, Math.Ceiling(left.TotalMilliseconds)));
            await Task.WhenAny(flush, Task.Delay(step, CancellationToken.None));
        }

        lock (_gate)
        {
            if (_flushRequested.Task.IsCompleted)
            {
                _flushRequested = NewSignal();
            }
        }
    }

    private void RequestFlush()
    {
        lock (_gate)
        {
            _flushRequested.TrySetResult();
        }
    }

    private void Signal()
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            done = _progress;
            _progress = NewSignal();
        }

        done.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
