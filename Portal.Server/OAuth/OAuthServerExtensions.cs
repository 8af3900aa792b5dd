using Microsoft.Extensions.Options;
using Notarial.Portal.Features.OAuth;
using Notarial.Portal.Features.Scopes;
using Notarial.Portal.Server.Features.Platform;
using Notarial.Portal.Server.OAuth.Handlers;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Notarial.Portal.Server.OAuth;

public static class OAuthServerExtensions
{
    /// <summary>
    /// The OAuth 2.0 / OpenID Connect server (OpenIddict) with the portal's rules: authorization code with PKCE (S256
    /// only), refresh tokens rotated on every use with replay detection, client credentials; signed (not encrypted)
    /// JWT access tokens without database rows; keys from the portal's ring; validation for the platform API in-process.
    /// </summary>
    public static IServiceCollection AddOAuthServer(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<OAuthServerOptions>().BindConfiguration(OAuthServerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var settings = configuration.GetSection(OAuthServerOptions.Section).Get<OAuthServerOptions>() ?? new OAuthServerOptions();
        var allowHttp = settings.AllowHttp ?? environment.IsDevelopment();

        services.AddHttpContextAccessor();
        services.AddOAuthCore()
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris("auth/oauth/authorize")
                    .SetTokenEndpointUris("auth/oauth/token", "api/oauth/token")
                    .SetRevocationEndpointUris("auth/oauth/revoke")
                    .SetIntrospectionEndpointUris("auth/oauth/introspect")
                    .SetUserInfoEndpointUris("auth/oauth/userinfo")
                    .SetEndSessionEndpointUris("auth/oauth/logout")
                    .SetJsonWebKeySetEndpointUris(".well-known/jwks")
                    .SetConfigurationEndpointUris(".well-known/openid-configuration", ".well-known/oauth-authorization-server");

                server.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().AllowClientCredentialsFlow();
                server.RegisterScopes([.. ScopeCatalog.All.Select(s => s.Name)]);
                server.SetAccessTokenLifetime(settings.AccessTokenLifetime)
                    .SetRefreshTokenLifetime(settings.RefreshTokenLifetime)
                    .SetAuthorizationCodeLifetime(settings.AuthorizationCodeLifetime)
                    .SetIdentityTokenLifetime(settings.IdentityTokenLifetime)
                    .SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                server.DisableAccessTokenEncryption();
                server.Configure(options => options.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
                if (settings.Issuer is not null)
                {
                    server.SetIssuer(settings.Issuer);
                }

                var aspNetCore = server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
                if (allowHttp)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }

                server.AddEventHandler(ShapeAccessTokens.Descriptor);
                server.AddEventHandler(RejectRevokedAccessTokens.Descriptor);
                server.RemoveEventHandler(OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor);
                server.AddEventHandler(RevokeTokens.Descriptor);
                server.AddEventHandler(RecordClientAuthenticationFailures.Descriptor);
                server.AddEventHandler(CanonicalScopeSpellings.AuthorizationDescriptor);
                server.AddEventHandler(CanonicalScopeSpellings.TokenDescriptor);
                server.AddEventHandler(RejectUnallowedScopes.TokenDescriptor);
                server.AddEventHandler(RejectUnallowedScopes.AuthorizationDescriptor);
                server.AddEventHandler(ClientAuthenticationStatus.Descriptor);
                server.AddEventHandler(RenderAuthorizationErrorPage.Descriptor);
                server.AddEventHandler(AttachScopesForPresenter.Descriptor);
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.UseAspNetCore();
                validation.AddAudiences(OAuthConstants.ApiAudience);
            });

        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, SigningCredentialsSetup>();
        services.AddHostedService<SigningKeyRollover>();
        services.AddSingleton<ValidatedTokenCache>();

        services.AddAuthentication()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, BearerTokenHandler>(PlatformAuthenticationSchemes.Bearer, "OAuth access token", _ => { });
        return services;
    }

    public static WebApplication UseTokenEndpointGuard(this WebApplication app)
    {
        app.UseMiddleware<JsonTokenRequests>();
        app.UseMiddleware<TokenEndpointGuard>();
        return app;
    }

    /// <summary>The authorization server's passthrough endpoints (OpenIddict answers the others itself).</summary>
    public static IEndpointRouteBuilder MapOAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var oauth = endpoints.MapGroup("/auth/oauth").ExcludeFromDescription();
        oauth.MapMethods("/authorize", [HttpMethods.Get, HttpMethods.Post], AuthorizationEndpoint.HandleAsync).DisableAntiforgery();
        oauth.MapPost("/token", TokenEndpoint.HandleAsync).DisableAntiforgery();
        endpoints.MapPost("/api/oauth/token", TokenEndpoint.HandleAsync).DisableAntiforgery().ExcludeFromDescription();
        oauth.MapMethods("/userinfo", [HttpMethods.Get, HttpMethods.Post], UserInfoEndpoint.HandleAsync).DisableAntiforgery();
        oauth.MapMethods("/logout", [HttpMethods.Get, HttpMethods.Post], EndSessionEndpoint.HandleAsync).DisableAntiforgery();
        return endpoints;
    }
}
