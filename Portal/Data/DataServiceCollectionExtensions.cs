using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notarial.Portal.Features.ScaleOut;

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

        var provider = configuration.GetValue(DatabaseOptions.Section + ":" + nameof(DatabaseOptions.Provider), DatabaseProvider.Sqlite);
        services.AddDbContextFactory<PortalDbContext, PortalDbContextFactory>((services, options) =>
        {
            var connectionString = configuration.GetConnectionString("Portal");
            if (provider == DatabaseProvider.PostgreSql)
            {
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException("Database:Provider is PostgreSql: set ConnectionStrings:Portal (for example Host=...;Database=...;Username=...).");
                }

                options.UseNpgsql(connectionString);
                return;
            }

            if (string.IsNullOrWhiteSpace(connectionString))
            {
                var dataDirectory = services.GetRequiredService<DataDirectory>();
                connectionString = $"Data Source={Path.Combine(dataDirectory.Path, "portal.db")}";
            }

            options.UseSqlite(connectionString);
            options.AddInterceptors(services.GetRequiredService<SqlitePragmas>());
        });

        services.AddHostedService<DatabaseMigrator>();
        services.AddScaleOut(configuration);
        return services;
    }
}
