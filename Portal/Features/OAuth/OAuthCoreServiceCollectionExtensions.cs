using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Data;
using Notarial.Portal.Features.OAuth.Keys;
using Notarial.Portal.Features.OAuth.Revocation;

namespace Notarial.Portal.Features.OAuth;

public static class OAuthCoreServiceCollectionExtensions
{
    /// <summary>OpenIddict's core (stores in the portal's database, the portal's managers), the key ring and the
    /// revocation list. The server and its endpoints are configured by the host.</summary>
    public static OpenIddictBuilder AddOAuthCore(this IServiceCollection services)
    {
        services.AddOptions<SigningKeyOptions>().BindConfiguration(SigningKeyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SigningKeyRing>();
        services.AddHostedService<SigningKeyMaintenance>();
        services.AddOptions<RevocationListOptions>().BindConfiguration("OAuth");
        services.AddSingleton<TokenRevocationList>();
        services.AddSingleton<AccountTokenRevocation>();
        services.AddHostedService<RevocationMaintenance>();
        services.AddSingleton<OAuthClientCache>();
        services.AddSingleton<ConnectedApps>();
        services.AddSingleton<ConsentEvents>();
        services.AddScoped<OAuthClientRegistration>();

        var builder = services.AddOpenIddict();
        builder.AddCore(core =>
        {
            core.UseEntityFrameworkCore()
                .UseDbContext<PortalDbContext>()
                .ReplaceDefaultEntities<OAuthApplication, OAuthAuthorization, OAuthScope, OAuthToken, string>();
            core.ReplaceApplicationManager<OAuthApplication, OAuthApplicationManager>();
            core.ReplaceAuthorizationManager<OAuthAuthorization, OAuthAuthorizationManager>();
            core.ReplaceTokenManager<OAuthToken, OAuthTokenManager>();
        });
        return builder;
    }
}
