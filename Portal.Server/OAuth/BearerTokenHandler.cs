using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Notarial.Portal.Features.OAuth.Revocation;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Server.Features.Api;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Notarial.Portal.Server.OAuth;

/// <summary>
/// OAuth access tokens as a platform credential: OpenIddict's validation (signature by a key of our ring, issuer,
/// audience, lifetime), then the revocation list (in memory), then the token's claims as the platform caller.
/// Failures answer 401 with <c>WWW-Authenticate: Bearer error="invalid_token"</c> and the API's error envelope,
/// <c>expired_token</c> or <c>invalid_token</c>.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenRevocationList revocations,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string FailureCode = "np.failure_code";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var result = await Context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        if (result.None)
        {
            return AuthenticateResult.NoResult();
        }

        if (!result.Succeeded || result.Principal is not { } token)
        {
            return Fail(IsExpired() ? "expired_token" : "invalid_token", IsExpired() ? "The access token has expired." : "The access token is not valid.");
        }

        var facts = AccessTokenFacts.From(token);
        if (revocations.IsRevoked(facts))
        {
            return Fail("invalid_token", "The access token was revoked.");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, facts.Subject ?? ""),
            new(PlatformClaimTypes.AccountId, token.GetClaim(PlatformClaimTypes.AccountId) ?? facts.Subject ?? ""),
            new(PlatformClaimTypes.CredentialKind, CredentialKinds.OAuthToken),
            new(PlatformClaimTypes.CredentialId, facts.TokenId ?? ""),
            new(PlatformClaimTypes.Environment, token.GetClaim(PlatformClaimTypes.Environment) ?? PlatformEnvironments.Live),
        };
        if (facts.ClientId is { } clientId)
        {
            claims.Add(new Claim(PlatformClaimTypes.ClientId, clientId));
        }

        foreach (var scope in token.GetScopes())
        {
            claims.Add(new Claim(PlatformClaimTypes.Scope, scope));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name)), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var (code, message) = Context.Items[FailureCode] as (string, string)? ?? ("invalid_token", "A bearer token is required.");
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"Bearer realm=\"Notarial API\", error=\"invalid_token\", error_description=\"{message}\"";
        await ApiErrors.WriteAsync(Context, StatusCodes.Status401Unauthorized, ApiErrorTypes.Authentication, code, message);
    }

    private AuthenticateResult Fail(string code, string message)
    {
        Context.Items[FailureCode] = (code, message);
        return AuthenticateResult.Fail(message);
    }

    /// <summary>Whether the presented token is a well-formed JWT past its expiry (read without validation, only to
    /// choose between expired_token and invalid_token).</summary>
    private bool IsExpired()
    {
        var value = Request.Headers.Authorization.ToString();
        if (!value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            var handler = new JsonWebTokenHandler();
            var raw = value[7..].Trim();
            return handler.CanReadToken(raw) && handler.ReadJsonWebToken(raw) is { ValidTo: var expires } && expires != DateTime.MinValue &&
                   expires < time.GetUtcNow().UtcDateTime;
        }
        catch (Exception exception) when (exception is ArgumentException or Microsoft.IdentityModel.Tokens.SecurityTokenMalformedException or System.Text.Json.JsonException or FormatException)
        {
            return false;
        }
    }
}
