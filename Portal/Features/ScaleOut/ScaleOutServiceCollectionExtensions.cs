using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Caching;
using Notarial.Portal.Features.RateLimiting;

namespace Notarial.Portal.Features.ScaleOut;

public static class ScaleOutServiceCollectionExtensions
{
    /// <summary>
    /// What instances share: in-process by default (one instance); with "Redis:Configuration" set, invalidation messages
    /// through Redis pub/sub and rate-limit counters in Redis (falling back to per-instance counters while Redis is away),
    /// reported by the "redis" health check. Singleton background jobs take an <see cref="IJobLease"/> either way.
    /// </summary>
    public static IServiceCollection AddScaleOut(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section);
        services.AddSingleton<InProcessInvalidationBus>();
        services.AddSingleton<InMemoryRateLimitStore>();
        services.AddSingleton<PortalInstance>();
        if (configuration.GetValue(DatabaseOptions.Section + ":" + nameof(DatabaseOptions.Provider), DatabaseProvider.Sqlite) == DatabaseProvider.PostgreSql)
        {
            services.AddSingleton<IJobLease, PostgreSqlJobLease>();
        }
        else
        {
            services.AddSingleton<IJobLease, InProcessJobLease>();
        }

        var redis = configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new RedisOptions();
        if (!redis.Enabled)
        {
            services.TryAddSingleton<IInvalidationBus>(provider => provider.GetRequiredService<InProcessInvalidationBus>());
            services.TryAddSingleton<IRateLimitStore>(provider => provider.GetRequiredService<InMemoryRateLimitStore>());
            return services;
        }

        services.AddSingleton<RedisConnection>();
        services.AddSingleton<RedisInvalidationBus>();
        services.AddSingleton<IInvalidationBus>(provider => provider.GetRequiredService<RedisInvalidationBus>());
        services.AddSingleton<RedisRateLimitStore>();
        services.AddSingleton<IRateLimitStore>(provider => provider.GetRequiredService<RedisRateLimitStore>());
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        return services;
    }
}
