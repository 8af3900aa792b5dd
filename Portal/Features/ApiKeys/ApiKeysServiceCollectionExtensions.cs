using Microsoft.Extensions.DependencyInjection;

namespace Notarial.Portal.Features.ApiKeys;

public static class ApiKeysServiceCollectionExtensions
{
    /// <summary>API keys: the service the pages and the management API share, the verifier with its cache, and the
    /// background writer of "last used" times. The authentication handler is registered by the host.</summary>
    public static IServiceCollection AddApiKeys(this IServiceCollection services)
    {
        services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<ApiKeyVerifier>();
        services.AddSingleton<ApiKeyUsageTracker>();
        services.AddSingleton<ApiKeyUsageFlusher>();
        services.AddHostedService(provider => provider.GetRequiredService<ApiKeyUsageFlusher>());
        return services;
    }
}
