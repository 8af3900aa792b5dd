using Microsoft.AspNetCore.Authentication;

namespace Notarial.Portal.Server.Features.Platform;

public static class PlatformAuthentication
{
    /// <summary>
    /// The platform API's authentication: a policy scheme that forwards each request to the scheme of the credential it
    /// presents (<see cref="PlatformCredentialSelector"/>), the session scheme, and the policy every endpoint starts from.
    /// The API key and OAuth bearer schemes are registered by their features.
    /// </summary>
    public static IServiceCollection AddPlatformAuthentication(this IServiceCollection services)
    {
        // The platform API speaks snake_case JSON (seeds 003 and 004: access_token, request_id...).
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower);
        services.AddOptions<PlatformRateLimitOptions>().BindConfiguration(PlatformRateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddAuthentication()
            .AddPolicyScheme(PlatformAuthenticationSchemes.Platform, "Platform API", options => options.ForwardDefaultSelector = PlatformCredentialSelector.Select)
            .AddScheme<AuthenticationSchemeOptions, SessionPlatformHandler>(PlatformAuthenticationSchemes.Session, "Portal session", _ => { });

        services.AddAuthorizationBuilder()
            .AddPolicy(PlatformAuthenticationSchemes.CallerPolicy, policy => policy
                .AddAuthenticationSchemes(PlatformAuthenticationSchemes.Platform)
                .RequireAuthenticatedUser())
            .AddScopePolicies();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, ScopeAuthorizationHandler>();
        return services;
    }

    /// <summary>The platform API's request pipeline (credentials, rate limits); runs after authentication, before authorization.</summary>
    public static WebApplication UsePlatformPipeline(this WebApplication app)
    {
        app.UseMiddleware<ApiVersionHeaders>();
        app.UseMiddleware<PlatformRequestPipeline>();
        return app;
    }
}
