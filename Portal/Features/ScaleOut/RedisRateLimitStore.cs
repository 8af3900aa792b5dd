using Microsoft.Extensions.Logging;
using Notarial.Portal.Features.RateLimiting;
using StackExchange.Redis;

namespace Notarial.Portal.Features.ScaleOut;

/// <summary>
/// Fixed-window counters in Redis, shared by every instance: one Lua script reads, checks and adds atomically, so two
/// instances never both take the last hit. Windows are aligned to the clock as in <see cref="InMemoryRateLimitStore"/>.
/// When Redis cannot be reached the counts fall back to this instance's memory (per-instance limits) rather than
/// failing requests; <see cref="Degraded"/> says so to the health check, and the log says when it starts and ends.
/// </summary>
public sealed partial class RedisRateLimitStore(RedisConnection redis, InMemoryRateLimitStore fallback, TimeProvider time, ILogger<RedisRateLimitStore> logger)
    : IRateLimitStore
{
    // KEYS[1] counter; ARGV: limit, cost, ttl ms. A refused hit is not counted (as in memory). Returns { allowed, count }.
    private const string Script = """
        local count = tonumber(redis.call('GET', KEYS[1]) or '0')
        local cost = tonumber(ARGV[2])
        if cost > 0 and count + cost > tonumber(ARGV[1]) then return { 0, count } end
        if cost > 0 then
          count = redis.call('INCRBY', KEYS[1], cost)
          if count == cost then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
        end
        return { 1, count }
        """;

    private int _degraded;

    /// <summary>Whether the last attempt to reach Redis failed (limits are per instance meanwhile).</summary>
    public bool Degraded => Volatile.Read(ref _degraded) == 1;

    public ValueTask<RateLimitDecision> HitAsync(string key, long limit, TimeSpan window, long cost = 1, CancellationToken cancellationToken = default) =>
        CountAsync(key, limit, window, cost, cancellationToken);

    public ValueTask<RateLimitDecision> PeekAsync(string key, long limit, TimeSpan window, CancellationToken cancellationToken = default) =>
        CountAsync(key, limit, window, 0, cancellationToken);

    private async ValueTask<RateLimitDecision> CountAsync(string key, long limit, TimeSpan window, long cost, CancellationToken cancellationToken)
    {
        if (!redis.IsConnected)
        {
            MarkDegraded(null);
            return cost == 0 ? await fallback.PeekAsync(key, limit, window, cancellationToken) : await fallback.HitAsync(key, limit, window, cost, cancellationToken);
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var length = Math.Max(1, (long)window.TotalMilliseconds);
        var start = now - (now % length);
        var resetAt = DateTimeOffset.FromUnixTimeMilliseconds(start + length);
        try
        {
            var result = (RedisResult[])(await redis.Multiplexer.GetDatabase().ScriptEvaluateAsync(
                Script, [(RedisKey)$"{redis.Prefix}rl:{key}:{start}"], [limit, cost, length + 1000]))!;
            MarkHealthy();
            var allowed = (long)result[0] == 1;
            var count = (long)result[1];
            return new RateLimitDecision(allowed, limit, allowed ? Math.Max(0, limit - count) : 0, resetAt);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            MarkDegraded(exception);
            return cost == 0 ? await fallback.PeekAsync(key, limit, window, cancellationToken) : await fallback.HitAsync(key, limit, window, cost, cancellationToken);
        }
    }

    private void MarkDegraded(Exception? exception)
    {
        if (Interlocked.Exchange(ref _degraded, 1) == 0)
        {
            LogFallingBack(exception);
        }
    }

    private void MarkHealthy()
    {
        if (Interlocked.Exchange(ref _degraded, 0) == 1)
        {
            LogBack();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis unreachable: rate limits are counted per instance until it is back")]
    private partial void LogFallingBack(Exception? exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis reachable again: rate limits are shared by all instances")]
    private partial void LogBack();
}
