namespace Notarial.Portal.Features.RateLimiting;

/// <summary>The outcome of counting one hit against a limit.</summary>
/// <param name="Allowed">Whether the hit is within the limit.</param>
/// <param name="Limit">The limit of the window.</param>
/// <param name="Remaining">Hits left in the window after this one (0 when refused).</param>
/// <param name="ResetAt">When the window ends.</param>
public readonly record struct RateLimitDecision(bool Allowed, long Limit, long Remaining, DateTimeOffset ResetAt);

/// <summary>
/// Counts hits per key in fixed windows. In one process the counters live in memory (<see cref="InMemoryRateLimitStore"/>);
/// with several instances they live in Redis, so a limit holds across instances.
/// </summary>
public interface IRateLimitStore
{
    /// <summary>Counts <paramref name="cost"/> hits for <paramref name="key"/> in the current window of length
    /// <paramref name="window"/> and says whether the total is within <paramref name="limit"/>.</summary>
    ValueTask<RateLimitDecision> HitAsync(string key, long limit, TimeSpan window, long cost = 1, CancellationToken cancellationToken = default);

    /// <summary>Reads the count of the current window without adding to it.</summary>
    ValueTask<RateLimitDecision> PeekAsync(string key, long limit, TimeSpan window, CancellationToken cancellationToken = default);
}
