using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notarial.Portal.Features.Caching;
using Notarial.Portal.Features.RateLimiting;

namespace Notarial.Portal.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// The database: a factory for short-lived contexts (services and interactive components) that also makes
    /// <see cref="PortalDbContext"/> injectable per scope for Identity's and OpenIddict's stores. Migrated at start.
    /// </summary>
    public static IServiceCollection AddPortalData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DataDirectory>();
        services.AddSingleton<SqlitePragmas>();

        services.AddDbContextFactory<PortalDbContext, PortalDbContextFactory>((provider, options) =>
        {
            var connectionString = configuration.GetConnectionString("Portal");
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                var dataDirectory = provider.GetRequiredService<DataDirectory>();
                connectionString = $"Data Source={Path.Combine(dataDirectory.Path, "portal.db")}";
            }

            options.UseSqlite(connectionString);
            options.AddInterceptors(provider.GetRequiredService<SqlitePragmas>());
        });

        services.AddHostedService<DatabaseMigrator>();
        services.AddSingleton<InProcessInvalidationBus>();
        services.AddSingleton<IInvalidationBus>(provider => provider.GetRequiredService<InProcessInvalidationBus>());
        services.AddSingleton<IRateLimitStore, InMemoryRateLimitStore>();
        return services;
    }
}
