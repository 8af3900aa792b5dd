using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Net.Http.Headers;
using Notarial.Portal.Features.ApiKeys;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Server.Features.Api;
using Notarial.Portal.Server.Features.Audit;
using Notarial.Portal.Server.Features.Platform;

namespace Notarial.Portal.Server.Features.ApiKeys;

/// <summary>
/// Authenticates platform API requests that present an API key, as <c>X-API-Key: notary_…</c> or
/// <c>Authorization: Bearer notary_…</c> (the <see cref="PlatformCredentialSelector"/> sends them here). The key is checked
/// by <see cref="ApiKeyVerifier"/> — from memory, no database work per request — and becomes the platform claims of its
/// owner. A refused key is answered in the error envelope with its own code and a <c>WWW-Authenticate</c> challenge;
/// an accepted one is also available to later stages as the <see cref="VerifiedApiKey"/> request feature (its rate limits).
/// It implements <see cref="IAuthenticationHandler"/> directly rather than deriving from <c>AuthenticationHandler</c>:
/// it runs on every key request and needs none of that class's options, events or per-request logger.
/// </summary>
public sealed partial class ApiKeyAuthenticationHandler(ApiKeyVerifier verifier, ILogger<ApiKeyAuthenticationHandler> logger) : IAuthenticationHandler
{
    private const string Realm = "Notarial API";
    private AuthenticationScheme _scheme = default!;
    private HttpContext _context = default!;
    private Task<AuthenticateResult>? _result;
    private ApiKeyProblem? _problem;

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _scheme = scheme;
        _context = context;
        return Task.CompletedTask;
    }

    /// <summary>Verifies the presented key once per request; later calls get the same answer.</summary>
    public Task<AuthenticateResult> AuthenticateAsync() => _result ??= HandleAuthenticateAsync();

    public async Task ChallengeAsync(AuthenticationProperties? properties)
    {
        await AuthenticateAsync();
        var problem = _problem ?? ApiKeyProblem.Unknown;
        if (problem.Status != StatusCodes.Status403Forbidden)
        {
            _context.Response.Headers[HeaderNames.WWWAuthenticate] =
                $"Bearer realm=\"{Realm}\", error=\"{problem.ChallengeError}\", error_description=\"{problem.HeaderSafeMessage}\"";
        }

        await ApiErrors.WriteAsync(_context, problem.Status, problem.Type, problem.Code, problem.Message);
    }

    public Task ForbidAsync(AuthenticationProperties? properties) => PlatformResponses.WriteForbiddenAsync(_context);

    private async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Read(out var presented) is { } problem)
        {
            return Refuse(problem);
        }

        var verification = await verifier.VerifyAsync(presented, _context.Connection.RemoteIpAddress, _context.RequestAborted);
        if (!verification.Succeeded)
        {
            if (verification.Key is { } refused)
            {
                // A known key refused (revoked, expired, wrong address): its owner sees the attempt in their audit log.
                _context.Features.Get<ApiAuditFeature>()?.SetCredential(refused.OwnerId, CredentialKinds.ApiKey, refused.IdText, refused.Environment);
            }

            return Refuse(ApiKeyProblem.For(verification.Rejection));
        }

        var key = verification.Key!;
        _context.Features.Set(key);

        // Claims made with their identity as subject: handing ready claims to ClaimsIdentity would copy each one.
        var identity = new ClaimsIdentity(_scheme.Name);
        identity.AddClaim(Claim(ClaimTypes.NameIdentifier, key.OwnerId, identity));
        identity.AddClaim(Claim(PlatformClaimTypes.AccountId, key.OwnerId, identity));
        identity.AddClaim(Claim(PlatformClaimTypes.CredentialKind, CredentialKinds.ApiKey, identity));
        identity.AddClaim(Claim(PlatformClaimTypes.CredentialId, key.IdText, identity));
        identity.AddClaim(Claim(PlatformClaimTypes.Environment, key.Environment, identity));
        // The key's own limits for the platform limiter; 0 is "none" (internal keys).
        identity.AddClaim(Claim(PlatformRateLimitClaims.PerHour, key.RequestsPerHourText, identity));
        identity.AddClaim(Claim(PlatformRateLimitClaims.PerSecond, key.BurstPerSecondText, identity));
        foreach (var scope in key.Scopes)
        {
            identity.AddClaim(Claim(PlatformClaimTypes.Scope, scope, identity));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), _scheme.Name));
    }

    private static Claim Claim(string type, string value, ClaimsIdentity subject) =>
        new(type, value, ClaimValueTypes.String, ClaimsIdentity.DefaultIssuer, ClaimsIdentity.DefaultIssuer, subject);

    private AuthenticateResult Refuse(ApiKeyProblem problem)
    {
        _problem = problem;
        LogRefused(problem.Code, _context.TraceIdentifier);
        return AuthenticateResult.Fail(problem.Code);
    }

    /// <summary>Finds the one key the request presents, or the problem with how it presents it. Never looks at the key's content
    /// beyond its length: anything longer than a key cannot be one, whatever it contains.</summary>
    private ApiKeyProblem? Read(out string presented)
    {
        presented = "";
        var request = _context.Request;
        if (ApiKeyQueryString.Carries(request))
        {
            return ApiKeyProblem.InQueryString;
        }

        var apiKey = request.Headers[PlatformCredentialSelector.ApiKeyHeader];
        var authorization = request.Headers.Authorization;
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

            var header = authorization.Count == 1 ? authorization[0] : null;
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "API key refused: {Code} (request {RequestId})")]
    private partial void LogRefused(string code, string requestId);
}
