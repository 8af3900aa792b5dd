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

    /// <summary>
    /// ASP.NET Core's authentication middleware for everything but the platform API. It runs every request handler
    /// scheme (OpenIddict's server and validation inspect each request for their endpoints) and authenticates the
    /// default scheme (the portal cookie); a platform request needs neither: <see cref="PlatformRequestPipeline"/>
    /// authenticates its one credential itself and sets <see cref="HttpContext.User"/> (a bearer token not yet validated
    /// prepares OpenIddict's validation itself: <see cref="Notarial.Portal.Server.OAuth.BearerTokenHandler"/>). Skipping it there saves each
    /// API call about a tenth of its CPU (bench/platform-api.sh).
    /// </summary>
    public static WebApplication UsePortalAuthentication(this WebApplication app)
    {
        var schemes = app.Services.GetRequiredService<IAuthenticationSchemeProvider>();
        app.Use(next =>
        {
            var authentication = new AuthenticationMiddleware(next, schemes);
            return context => PlatformRequestPipeline.Applies(context.Request.Path) ? next(context) : authentication.Invoke(context);
        });

        // WebApplication puts its own UseAuthentication() at the head of the pipeline unless the app has called it; this
        // is the flag UseAuthentication() leaves for it (a branch's UseAuthentication() would not reach the app's own).
        ((IApplicationBuilder)app).Properties[AuthenticationMiddlewareSetKey] = true;
        return app;
    }

    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

    /// <summary>The platform API's request pipeline (credentials, rate limits); runs after authentication, before authorization.</summary>
    public static WebApplication UsePlatformPipeline(this WebApplication app)
    {
        app.UseMiddleware<ApiVersionHeaders>();
        app.UseMiddleware<PlatformRequestPipeline>();
        return app;
    }
}
