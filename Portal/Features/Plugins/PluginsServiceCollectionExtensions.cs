using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Notarial.Portal.Features.Plugins;

public static class PluginsServiceCollectionExtensions
{
    /// <summary>Plugins: the admin service, the credentials they get, and the supervisor that runs them (unless
    /// <c>Plugins:RunSupervisor</c> is off) on the instance that holds the plugins lease (<see cref="LeasedPluginPlacement"/>:
    /// the one instance, or one of several on PostgreSQL, with failover). Another <see cref="IPluginPlacement"/>
    /// registered first wins.</summary>
    public static IServiceCollection AddPlugins(this IServiceCollection services)
    {
        services.AddOptions<PluginOptions>().BindConfiguration(PluginOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IPluginPlacement, LeasedPluginPlacement>();
        services.AddSingleton<PluginExecutableResolver>();
        services.AddSingleton<PluginApiBaseUrl>();
        services.AddSingleton<PluginCredentials>();
        services.AddSingleton<DeclaredPlugins>();
        services.AddSingleton<PluginSupervisor>();
        services.AddSingleton<PluginService>();
        services.AddHostedService(provider => provider.GetRequiredService<PluginSupervisor>());
        return services;
    }

}
