using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Notarial.Portal.Features.OAuth.Revocation;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Server.Features.Api;
using Notarial.Portal.Server.Features.Platform;
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
    ValidatedTokenCache cache,
    IOptionsMonitor<OpenIddict.Server.OpenIddictServerOptions> serverOptions,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string FailureCode = "np.failure_code";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var authorization = Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var raw = authorization[7..].Trim();
        var issuer = ExpectedIssuer();
        if (!cache.TryGet(raw, issuer, out var validated))
        {
            await PrepareValidationAsync();
            var result = await Context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
            if (!result.Succeeded || result.Principal is not { } token)
            {
                return IsExpired(raw)
                    ? Fail("expired_token", "The access token has expired.")
                    : Fail("invalid_token", "The access token is not valid.");
            }

            validated = new ValidatedToken(CallerClaims(token), AccessTokenFacts.From(token), token.GetExpirationDate() ?? DateTimeOffset.MinValue,
                token.GetClaim(Claims.Issuer) ?? issuer);
            cache.Add(raw, validated);
        }

        if (revocations.IsRevoked(validated!.Facts))
        {
            return Fail("invalid_token", "The access token was revoked.");
        }

        var identity = new ClaimsIdentity(validated.CallerClaims, Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    /// <summary>
    /// OpenIddict's validation keeps per-request state that its request handler creates; the authentication middleware
    /// runs that handler for every request, but platform requests skip the middleware (see
    /// <see cref="Notarial.Portal.Server.Features.Platform.PlatformAuthentication.UsePortalAuthentication"/>). So a token not yet in
    /// the cache prepares it here — a cached token (nearly every call) needs neither it nor a signature check.
    /// </summary>
    private async Task PrepareValidationAsync()
    {
        if (Context.Features.Get<OpenIddictValidationAspNetCoreFeature>()?.Transaction is null &&
            await Context.RequestServices.GetRequiredService<IAuthenticationHandlerProvider>()
                .GetHandlerAsync(Context, OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme) is IAuthenticationRequestHandler validation)
        {
            // The validation stack has no endpoints of its own: it never answers the request here.
            await validation.HandleRequestAsync();
        }
    }

    /// <summary>The platform caller's claims from a validated access token.</summary>
    private static List<Claim> CallerClaims(ClaimsPrincipal token)
    {
        var facts = AccessTokenFacts.From(token);
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

        return claims;
    }

    /// <summary>The issuer this request's tokens must carry: the configured one, else this server's address (as OpenIddict does).</summary>
    private string ExpectedIssuer() =>
        serverOptions.CurrentValue.Issuer?.AbsoluteUri ?? $"{Request.Scheme}://{Request.Host}{Request.PathBase}/";

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var (code, message) = Context.Items[FailureCode] as (string, string)? ?? ("invalid_token", "A bearer token is required.");
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"Bearer realm=\"Notarial API\", error=\"invalid_token\", error_description=\"{message}\"";
        await ApiErrors.WriteAsync(Context, StatusCodes.Status401Unauthorized, ApiErrorTypes.Authentication, code, message);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => PlatformResponses.WriteForbiddenAsync(Context);

    private AuthenticateResult Fail(string code, string message)
    {
        Context.Items[FailureCode] = (code, message);
        return AuthenticateResult.Fail(message);
    }

    /// <summary>Whether the presented token is a well-formed JWT past its expiry (read without validation, only to
    /// choose between expired_token and invalid_token).</summary>
    private bool IsExpired(string raw)
    {
        try
        {
            var handler = new JsonWebTokenHandler();
            return handler.CanReadToken(raw) && handler.ReadJsonWebToken(raw) is { ValidTo: var expires } && expires != DateTime.MinValue &&
                   expires < time.GetUtcNow().UtcDateTime;
        }
        catch (Exception exception) when (exception is ArgumentException or Microsoft.IdentityModel.Tokens.SecurityTokenMalformedException or System.Text.Json.JsonException or FormatException)
        {
            return false;
        }
    }
}
