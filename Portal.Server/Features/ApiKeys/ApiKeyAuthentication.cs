using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Scopes;
using Notarial.Portal.Server.Features.Platform;

namespace Notarial.Portal.Server.Features.ApiKeys;

public static class ApiKeyAuthentication
{
    /// <summary>
    /// The API key scheme the platform policy scheme forwards to (<see cref="PlatformAuthenticationSchemes.ApiKey"/>), and
    /// the <c>keys:manage</c> policy of the management API. Needs <c>AddApiKeys()</c> (the verifier) and
    /// <c>AddPlatformAuthentication()</c>.
    /// </summary>
    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddTransient<ApiKeyAuthenticationHandler>();
        services.AddAuthentication(options => options.AddScheme<ApiKeyAuthenticationHandler>(PlatformAuthenticationSchemes.ApiKey, "API key"));

        services.AddAuthorizationBuilder()
            .AddPolicy(ScopeCatalog.KeysManage, policy => policy
                .AddAuthenticationSchemes(PlatformAuthenticationSchemes.Platform)
                .RequireAuthenticatedUser()
                .RequireAssertion(context => ScopeCatalog.Satisfies(
                    context.User.FindAll(PlatformClaimTypes.Scope).Select(c => c.Value), ScopeCatalog.KeysManage)));
        return services;
    }
}
