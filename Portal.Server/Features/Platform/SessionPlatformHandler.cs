using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Scopes;
using Notarial.Portal.Server.Features.Api;

namespace Notarial.Portal.Server.Features.Platform;

/// <summary>
/// The portal session as a platform credential (seed 000's "Session Authentication"): the signed-in user calls the API
/// for their own account from the portal. State-changing requests must carry the antiforgery token, since a cookie
/// travels with requests other sites make. Sessions default to the test environment (the "try it" console); the
/// <c>X-Environment</c> header picks live.
/// </summary>
public sealed class SessionPlatformHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IAntiforgery antiforgery)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string EnvironmentHeader = "X-Environment";
    private const string AntiforgeryFailed = "np.antiforgery_failed";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var session = await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (!session.Succeeded || session.Principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return AuthenticateResult.NoResult();
        }

        // The antiforgery token is bound to the signed-in user, whom the antiforgery check reads from HttpContext.User
        // (platform requests skip the authentication middleware that would otherwise have set it from the cookie).
        Context.User = session.Principal;
        if (!HttpMethods.IsGet(Request.Method) && !HttpMethods.IsHead(Request.Method) && !HttpMethods.IsOptions(Request.Method) &&
            !await antiforgery.IsRequestValidAsync(Context))
        {
            Context.Items[AntiforgeryFailed] = true;
            return AuthenticateResult.Fail("The antiforgery token is missing or invalid.");
        }

        var environment = Request.Headers[EnvironmentHeader].ToString() == PlatformEnvironments.Live ? PlatformEnvironments.Live : PlatformEnvironments.Test;
        var isAdmin = session.Principal.IsInRole(PortalRoles.Admin);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, userId),
            new(PlatformClaimTypes.AccountId, userId),
            new(PlatformClaimTypes.CredentialKind, CredentialKinds.Session),
            new(PlatformClaimTypes.CredentialId, userId),
            new(PlatformClaimTypes.Environment, environment),
        };
        foreach (var scope in ScopeCatalog.Platform)
        {
            if (scope.Name != ScopeCatalog.Admin || isAdmin)
            {
                claims.Add(new Claim(PlatformClaimTypes.Scope, scope.Name));
            }
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => PlatformResponses.WriteForbiddenAsync(Context);

    /// <summary>No credential at all (this scheme is the fallback), or a session call without its antiforgery token.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(AntiforgeryFailed))
        {
            return ApiErrors.WriteAsync(Context, StatusCodes.Status400BadRequest, ApiErrorTypes.InvalidRequest, "invalid_request",
                "Calls made with the portal session must send the antiforgery token in the RequestVerificationToken header.");
        }

        Response.Headers.WWWAuthenticate = "Bearer realm=\"Notarial API\"";
        return ApiErrors.WriteAsync(Context, StatusCodes.Status401Unauthorized, ApiErrorTypes.Authentication, "invalid_api_key",
            "No credential: send an API key in X-API-Key (or Authorization: Bearer), or an OAuth access token in Authorization: Bearer.");
    }
}
