using System.Collections.Concurrent;

namespace Notarial.Portal.Features.RateLimiting;

/// <summary>
/// Fixed-window counters in memory. Windows are aligned to the clock (a window of one hour starts on the hour), so
/// every instance agrees on them. Counters of ended windows are swept, so memory does not grow with idle keys.
/// </summary>
public sealed class InMemoryRateLimitStore(TimeProvider time) : IRateLimitStore
{
    private sealed class Counter
    {
        public long WindowStart;
        public long Count;
        public long WindowEnd;
    }

    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private long _nextSweep;

    /// <summary>How many keys have a counter (for health and tests).</summary>
    public int KeyCount => _counters.Count;

    public ValueTask<RateLimitDecision> HitAsync(string key, long limit, TimeSpan window, long cost = 1, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Count(key, limit, window, cost));

    public ValueTask<RateLimitDecision> PeekAsync(string key, long limit, TimeSpan window, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Count(key, limit, window, 0));

    private RateLimitDecision Count(string key, long limit, TimeSpan window, long cost)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var length = Math.Max(1, (long)window.TotalMilliseconds);
        var start = now - (now % length);
        SweepIfDue(now);

        var counter = _counters.GetOrAdd(key, static _ => new Counter());
        long count;
        lock (counter)
        {
            if (counter.WindowStart != start)
            {
                counter.WindowStart = start;
                counter.WindowEnd = start + length;
                counter.Count = 0;
            }

            // A refused hit is not counted, so a client that backs off gets its budget back at the reset.
            if (counter.Count + cost > limit && cost > 0)
            {
                return new RateLimitDecision(false, limit, 0, DateTimeOffset.FromUnixTimeMilliseconds(counter.WindowEnd));
            }

            counter.Count += cost;
            count = counter.Count;
        }

        return new RateLimitDecision(true, limit, Math.Max(0, limit - count), DateTimeOffset.FromUnixTimeMilliseconds(start + length));
    }

    private void SweepIfDue(long now)
    {
        var due = Interlocked.Read(ref _nextSweep);
        if (now < due || Interlocked.CompareExchange(ref _nextSweep, now + 60_000, due) != due)
        {
            return;
        }

        foreach (var (key, counter) in _counters)
        {
            if (Volatile.Read(ref counter.WindowEnd) < now)
            {
                _counters.TryRemove(key, out _);
            }
        }
    }
}
