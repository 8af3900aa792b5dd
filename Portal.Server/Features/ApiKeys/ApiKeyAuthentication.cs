using Notarial.Portal.Server.Features.Platform;

namespace Notarial.Portal.Server.Features.ApiKeys;

public static class ApiKeyAuthentication
{
    /// <summary>
    /// The API key scheme the platform policy scheme forwards to (<see cref="PlatformAuthenticationSchemes.ApiKey"/>).
    /// Needs <c>AddApiKeys()</c> (the verifier) and <c>AddPlatformAuthentication()</c>.
    /// </summary>
    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddTransient<ApiKeyAuthenticationHandler>();
        services.AddAuthentication(options => options.AddScheme<ApiKeyAuthenticationHandler>(PlatformAuthenticationSchemes.ApiKey, "API key"));

        return services;
    }
}
