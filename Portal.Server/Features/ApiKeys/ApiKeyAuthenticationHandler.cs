using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Notarial.Portal.Features.ApiKeys;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Server.Features.Api;
using Notarial.Portal.Server.Features.Platform;

namespace Notarial.Portal.Server.Features.ApiKeys;

/// <summary>
/// Authenticates platform API requests that present an API key, as <c>X-API-Key: notary_…</c> or
/// <c>Authorization: Bearer notary_…</c> (the <see cref="PlatformCredentialSelector"/> sends them here). The key is checked
/// by <see cref="ApiKeyVerifier"/> — from memory, no database work per request — and becomes the platform claims of its
/// owner. A refused key is answered in the error envelope with its own code and a <c>WWW-Authenticate</c> challenge;
/// an accepted one is also available to later stages as the <see cref="VerifiedApiKey"/> request feature (its rate limits).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyVerifier verifier)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string Realm = "Notarial API";
    private ApiKeyProblem? _problem;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Read(out var presented) is { } problem)
        {
            return Refuse(problem);
        }

        var verification = await verifier.VerifyAsync(presented, Context.Connection.RemoteIpAddress, Context.RequestAborted);
        if (!verification.Succeeded)
        {
            return Refuse(ApiKeyProblem.For(verification.Rejection));
        }

        var key = verification.Key!;
        Context.Features.Set(key);
        var claims = new List<Claim>(5 + key.Scopes.Length)
        {
            new(ClaimTypes.NameIdentifier, key.OwnerId),
            new(PlatformClaimTypes.AccountId, key.OwnerId),
            new(PlatformClaimTypes.CredentialKind, CredentialKinds.ApiKey),
            new(PlatformClaimTypes.CredentialId, key.IdText),
            new(PlatformClaimTypes.Environment, key.Environment),
        };
        foreach (var scope in key.Scopes)
        {
            claims.Add(new Claim(PlatformClaimTypes.Scope, scope));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (_problem is null)
        {
            await HandleAuthenticateOnceSafeAsync();
        }

        var problem = _problem ?? ApiKeyProblem.Unknown;
        if (problem.Status != StatusCodes.Status403Forbidden)
        {
            Response.Headers[HeaderNames.WWWAuthenticate] =
                $"Bearer realm=\"{Realm}\", error=\"{problem.ChallengeError}\", error_description=\"{problem.HeaderSafeMessage}\"";
        }

        await ApiErrors.WriteAsync(Context, problem.Status, problem.Type, problem.Code, problem.Message);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var problem = ApiKeyProblem.InsufficientScope;
        return ApiErrors.WriteAsync(Context, problem.Status, problem.Type, problem.Code, problem.Message);
    }

    private AuthenticateResult Refuse(ApiKeyProblem problem)
    {
        _problem = problem;
        return AuthenticateResult.Fail(problem.Code);
    }

    /// <summary>Finds the one key the request presents, or the problem with how it presents it. Never looks at the key's content
    /// beyond its length: anything longer than a key cannot be one, whatever it contains.</summary>
    private ApiKeyProblem? Read(out string presented)
    {
        presented = "";
        if (ApiKeyQueryString.Carries(Request))
        {
            return ApiKeyProblem.InQueryString;
        }

        var headers = Request.Headers;
        var apiKey = headers[PlatformCredentialSelector.ApiKeyHeader];
        var authorization = headers.Authorization;
        if (apiKey.Count > 0 && authorization.Count > 0)
        {
            return ApiKeyProblem.TwoCredentials;
        }

        string? value;
        if (apiKey.Count > 0)
        {
            if (apiKey.Count > 1)
            {
                return ApiKeyProblem.SeveralKeys;
            }

            value = apiKey[0];
        }
        else
        {
            if (authorization.Count > 1)
            {
                return ApiKeyProblem.SeveralKeys;
            }

            var header = authorization[0];
            value = header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..] : null;
        }

        value = value?.Trim();
        if (string.IsNullOrEmpty(value) || value.Length > ApiKeyFormat.MaxLength)
        {
            return ApiKeyProblem.Malformed;
        }

        presented = value;
        return null;
    }
}
