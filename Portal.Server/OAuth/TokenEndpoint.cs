using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Applications;
using Notarial.Portal.Features.OAuth;
using Notarial.Portal.Features.Platform;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Notarial.Portal.Server.OAuth;

/// <summary>
/// The token endpoint after OpenIddict has authenticated the client and validated the grant. Client credentials: the
/// application acts for its owner's account. Codes and refresh tokens: the user is loaded again and refused when the
/// account is gone, locked or no longer allowed to sign in — tokens must not outlive the account.
/// </summary>
public static class TokenEndpoint
{
    public sealed record Services(UserManager<PortalUser> Users, SignInManager<PortalUser> SignIn, IOpenIddictApplicationManager Applications,
        ApplicationTokenActivity TokenActivity);

    public static async Task<IResult> HandleAsync(HttpContext context, [AsParameters] Services services)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("No OpenIddict request.");
        var application = await services.Applications.FindByClientIdAsync(request.ClientId!) as OAuthApplication;
        if (application is null || application.Disabled)
        {
            return Forbid(Errors.InvalidClient, "The application is disabled.");
        }

        if (request.IsClientCredentialsGrantType())
        {
            var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, application.ClientId)
                .SetClaim(PlatformClaimTypes.AccountId, application.OwnerId ?? "system")
                .SetClaim(PlatformClaimTypes.Environment, application.Environment);

            // No scope asked for: every scope the application is allowed (OpenIddict already refused any it is not).
            var scopes = request.GetScopes();
            identity.SetScopes(scopes.IsEmpty ? AllowedScopes(application) : scopes);
            identity.SetResources(OAuthConstants.ApiAudience);
            identity.SetDestinations(static _ => [Destinations.AccessToken]);
            services.TokenActivity.Record(application.ClientId!);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var user = result.Principal?.GetClaim(Claims.Subject) is { } subject ? await services.Users.FindByIdAsync(subject) : null;
            if (user is null || !await services.SignIn.CanSignInAsync(user) || await services.Users.IsLockedOutAsync(user))
            {
                return Forbid(Errors.InvalidGrant, "The account can no longer sign in.");
            }

            // Fresh claims (the name or email may have changed); the grant, scopes and audience carry over.
            var identity = AuthorizationEndpoint.UserIdentity(user, application, result.Principal!.GetScopes());
            identity.SetAuthorizationId(result.Principal!.GetAuthorizationId());
            identity.SetResources(result.Principal!.GetResources());
            identity.SetDestinations(AuthorizationEndpoint.Destinations);
            services.TokenActivity.Record(application.ClientId!);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        return Forbid(Errors.UnsupportedGrantType, "This grant type is not supported.");
    }

    /// <summary>The scopes in an application's permissions ("scp:orders:read" → "orders:read").</summary>
    private static IEnumerable<string> AllowedScopes(OAuthApplication application)
    {
        if (string.IsNullOrEmpty(application.Permissions))
        {
            return [];
        }

        return JsonSerializer.Deserialize<string[]>(application.Permissions)!
            .Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
            .Select(p => p[Permissions.Prefixes.Scope.Length..]);
    }

    private static IResult Forbid(string error, string description) =>
        Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
