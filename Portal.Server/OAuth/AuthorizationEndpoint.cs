using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Tokens;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.OAuth;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Server.Features.Edge;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Notarial.Portal.Server.OAuth;

/// <summary>
/// The authorization endpoint after OpenIddict has validated the request (client, redirect URI matched exactly, PKCE,
/// scopes). The decision tree, in order: sign-in needed? → the account still allowed? → consent already given and
/// not asked again? → consent page, whose form posts back here with the decision.
/// </summary>
public static class AuthorizationEndpoint
{
    /// <summary>The form field of the consent page's buttons.</summary>
    public const string DecisionField = "consent";

    public sealed record Services(
        UserManager<PortalUser> Users,
        SignInManager<PortalUser> SignIn,
        IOpenIddictApplicationManager Applications,
        IOpenIddictAuthorizationManager Authorizations,
        IAntiforgery Antiforgery,
        ConsentEvents Consents);

    public static async Task<IResult> HandleAsync(HttpContext context, [AsParameters] Services services)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("No OpenIddict request.");

        var decision = context.Request.HasFormContentType ? context.Request.Form[DecisionField].ToString() : "";
        if (decision.Length > 0 && !await services.Antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest();
        }

        // 1. A signed-in user (a fresh sign-in when the client asks for one with prompt=login or max_age).
        var session = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var mustSignIn = !session.Succeeded ||
                         (request.HasPromptValue(PromptValues.Login) && decision.Length == 0) ||
                         (request.MaxAge is { } maxAge && session.Properties?.IssuedUtc is { } issued && issued.AddSeconds(maxAge) < DateTimeOffset.UtcNow);
        if (mustSignIn)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Forbid(Errors.LoginRequired, "The user is not signed in.");
            }

            return Results.Challenge(new AuthenticationProperties { RedirectUri = ReturnUrl(context, dropPromptLogin: true) }, [IdentityConstants.ApplicationScheme]);
        }

        // 2. The account must still exist and be allowed to sign in.
        var user = await services.Users.GetUserAsync(session.Principal!);
        if (user is null || !await services.SignIn.CanSignInAsync(user) || await services.Users.IsLockedOutAsync(user))
        {
            await context.SignOutAsync(IdentityConstants.ApplicationScheme);
            return Results.Challenge(new AuthenticationProperties { RedirectUri = ReturnUrl(context, dropPromptLogin: true) }, [IdentityConstants.ApplicationScheme]);
        }

        var application = await services.Applications.FindByClientIdAsync(request.ClientId!) as OAuthApplication
            ?? throw new InvalidOperationException("OpenIddict validated a client that cannot be found.");
        var scopes = request.GetScopes();

        // 3. Consent: remembered as a permanent authorization; prompt=consent asks again; prompt=none never shows UI.
        if (decision == "deny")
        {
            return Forbid(Errors.AccessDenied, "The user denied the request.");
        }

        var existing = new List<object>();
        await foreach (var authorization in services.Authorizations.FindAsync(user.Id, application.Id!, Statuses.Valid, AuthorizationTypes.Permanent, scopes))
        {
            existing.Add(authorization);
        }

        var consented = decision == "allow" || (existing.Count > 0 && !request.HasPromptValue(PromptValues.Consent));
        if (!consented)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Forbid(Errors.ConsentRequired, "The user has not given consent to this application.");
            }

            return Results.Redirect(ConsentPageUrl(context));
        }

        var identity = UserIdentity(user, application, scopes);
        var grant = decision == "allow" || existing.Count == 0
            ? await services.Authorizations.CreateAsync(identity, user.Id, application.Id!, AuthorizationTypes.Permanent, identity.GetScopes())
            : existing[^1];
        var authorizationId = await services.Authorizations.GetIdAsync(grant);
        identity.SetAuthorizationId(authorizationId);
        identity.SetDestinations(Destinations);

        if (decision == "allow")
        {
            await services.Consents.GrantedAsync(user.Id, user.Email, application, authorizationId, scopes, RequestOrigin.From(context));
        }

        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>The claims of a token issued for a user, and which token each goes into (see <see cref="Destinations"/>).</summary>
    public static ClaimsIdentity UserIdentity(PortalUser user, OAuthApplication application, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Id)
            .SetClaim(Claims.Name, user.DisplayName)
            .SetClaim(Claims.Email, user.Email)
            .SetClaim(Claims.EmailVerified, user.EmailConfirmed)
            .SetClaim(PlatformClaimTypes.AccountId, user.Id)
            .SetClaim(PlatformClaimTypes.Environment, application.Environment);
        identity.SetScopes(scopes);
        identity.SetResources(OAuthConstants.ApiAudience);
        return identity;
    }

    /// <summary>Name and email reach the id token only with the profile and email scopes; everything else stays in the
    /// access token.</summary>
    public static IEnumerable<string> Destinations(Claim claim)
    {
        switch (claim.Type)
        {
            case Claims.Name when claim.Subject!.HasScope(Scopes.Profile):
                yield return OpenIddictConstants.Destinations.AccessToken;
                yield return OpenIddictConstants.Destinations.IdentityToken;
                yield break;
            case Claims.Email or Claims.EmailVerified when claim.Subject!.HasScope(Scopes.Email):
                yield return OpenIddictConstants.Destinations.IdentityToken;
                yield break;
            case Claims.Name or Claims.Email or Claims.EmailVerified:
                yield break;
            case "AspNet.Identity.SecurityStamp":
                yield break;
            default:
                yield return OpenIddictConstants.Destinations.AccessToken;
                yield break;
        }
    }

    private static IResult Forbid(string error, string description) =>
        Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    /// <summary>The authorization request again as a GET URL (form posts included), for coming back after sign-in.</summary>
    private static string ReturnUrl(HttpContext context, bool dropPromptLogin)
    {
        var parameters = RequestParameters(context).ToList();
        if (dropPromptLogin)
        {
            // Without this the request would ask for a sign-in again after the sign-in, forever.
            parameters = parameters.Select(p => p.Key == Parameters.Prompt
                    ? new KeyValuePair<string, StringValues>(p.Key, string.Join(' ', p.Value.ToString().Split(' ').Where(v => v != PromptValues.Login)))
                    : p)
                .Where(p => p.Key != Parameters.Prompt || p.Value.ToString().Length > 0)
                .ToList();
        }

        return context.Request.PathBase + context.Request.Path + QueryString.Create(parameters);
    }

    private static string ConsentPageUrl(HttpContext context) =>
        context.Request.PathBase + "/account/consent" + QueryString.Create(RequestParameters(context));

    private static IEnumerable<KeyValuePair<string, StringValues>> RequestParameters(HttpContext context) =>
        (context.Request.HasFormContentType ? (IEnumerable<KeyValuePair<string, StringValues>>)context.Request.Form : context.Request.Query)
        .Where(p => p.Key is not (DecisionField or "__RequestVerificationToken"));
}
