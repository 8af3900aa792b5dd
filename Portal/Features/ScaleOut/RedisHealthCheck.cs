using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Notarial.Portal.Features.ScaleOut;

/// <summary>Degraded (still ready: requests are served, with per-instance limits) when Redis cannot be reached.</summary>
public sealed class RedisHealthCheck(RedisConnection redis, RedisRateLimitStore limits) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(redis.IsConnected && !limits.Degraded
            ? HealthCheckResult.Healthy("Redis answers: rate limits and invalidations are shared.")
            : HealthCheckResult.Degraded("Redis is unreachable: rate limits are per instance and other instances learn of revocations only when their caches expire (at most 30 s)."));
}
