using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.RateLimiting;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Server.Features.Api;
using Notarial.Portal.Server.Features.Audit;

namespace Notarial.Portal.Server.Features.Platform;

/// <summary>
/// What every platform API request goes through before its endpoint, in one place: credentials only in headers and
/// only one of them; the credential authenticated once (the endpoint's authorization reuses the result); the rate limit
/// of that credential — or of the client IP when there is none — counted, with X-RateLimit-* headers on every answer
/// and 429 when spent.
/// </summary>
public sealed class PlatformRequestPipeline(RequestDelegate next, IRateLimitStore limits, IOptionsMonitor<PlatformRateLimitOptions> options, ApiActivity activity,
    TimeProvider time)
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly string[] QueryCredentialNames = ["api_key", "apikey", "key", "access_token", "token", "x-api-key"];

    public static bool Applies(PathString path) =>
        path.StartsWithSegments("/api") && !path.StartsWithSegments("/api/oauth") || path.StartsWithSegments("/odata") ||
        path.StartsWithSegments("/oauth/applications");

    public async Task InvokeAsync(HttpContext context)
    {
        if (!Applies(context.Request.Path))
        {
            await next(context);
            return;
        }

        activity.Served();
        var headers = context.Request.Headers;
        if (QueryCredentialNames.Any(name => context.Request.Query.ContainsKey(name)))
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status400BadRequest, ApiErrorTypes.InvalidRequest, "invalid_request",
                "Credentials are not accepted in the query string (it ends up in logs and browser history). Send the key in the X-API-Key header or the token in Authorization: Bearer.");
            return;
        }

        if (headers.ContainsKey(PlatformCredentialSelector.ApiKeyHeader) && headers.Authorization.Count > 0)
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status400BadRequest, ApiErrorTypes.InvalidRequest, "invalid_request",
                "The request carries two credentials (X-API-Key and Authorization). Send one.");
            return;
        }

        // Authenticate once; the endpoint's authorization asks the same scheme again and gets this cached result.
        var result = await context.AuthenticateAsync(PlatformAuthenticationSchemes.Platform);
        if (result.Succeeded)
        {
            context.User = result.Principal;
            context.Features.Get<ApiAuditFeature>()?.SetCaller(result.Principal);
        }

        var (partition, limit) = result.Succeeded ? ForCaller(result.Principal) : ForAddress(context);
        if (!await CountAsync(context, partition, limit))
        {
            return;
        }

        await next(context);
    }

    private (string Partition, RateLimit Limit) ForCaller(ClaimsPrincipal principal)
    {
        var settings = options.CurrentValue;
        var kind = principal.FindFirst(PlatformClaimTypes.CredentialKind)?.Value;
        var defaults = kind switch
        {
            CredentialKinds.ApiKey => settings.ApiKey,
            CredentialKinds.OAuthToken => settings.OAuthToken,
            _ => settings.Session,
        };
        var limit = new RateLimit
        {
            PerHour = ReadLimit(principal, PlatformRateLimitClaims.PerHour) ?? defaults.PerHour,
            PerSecond = ReadLimit(principal, PlatformRateLimitClaims.PerSecond) ?? defaults.PerSecond,
        };

        // Keys and sessions are limited per credential; OAuth tokens per user, or per client for client credentials.
        var partition = kind switch
        {
            CredentialKinds.ApiKey => "key:" + principal.FindFirst(PlatformClaimTypes.CredentialId)?.Value,
            CredentialKinds.OAuthToken => "oauth:" + principal.FindFirst(ClaimTypes.NameIdentifier)?.Value,
            _ => "session:" + principal.FindFirst(PlatformClaimTypes.AccountId)?.Value,
        };
        return (partition, limit);
    }

    private (string Partition, RateLimit Limit) ForAddress(HttpContext context) =>
        ("ip:" + (RequestOrigin.From(context).IpAddress ?? "unknown"), options.CurrentValue.Anonymous);

    private static long? ReadLimit(ClaimsPrincipal principal, string type) =>
        long.TryParse(principal.FindFirst(type)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>Counts the request against the second and the hour budgets; writes the headers; answers 429 when spent.</summary>
    private async Task<bool> CountAsync(HttpContext context, string partition, RateLimit limit)
    {
        var headers = context.Response.Headers;
        if (limit.PerSecond > 0)
        {
            var burst = await limits.HitAsync("rl:s:" + partition, limit.PerSecond, Second);
            if (!burst.Allowed)
            {
                await RefuseAsync(context, burst, "second");
                return false;
            }
        }

        if (limit.PerHour > 0)
        {
            var hourly = await limits.HitAsync("rl:h:" + partition, limit.PerHour, Hour);
            SetHeaders(headers, hourly);
            if (!hourly.Allowed)
            {
                await RefuseAsync(context, hourly, "hour");
                return false;
            }
        }

        return true;
    }

    private static void SetHeaders(IHeaderDictionary headers, RateLimitDecision decision)
    {
        headers["X-RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = decision.ResetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    }

    private async Task RefuseAsync(HttpContext context, RateLimitDecision decision, string window)
    {
        SetHeaders(context.Response.Headers, decision);
        var retryAfter = Math.Max(1, (long)Math.Ceiling((decision.ResetAt - time.GetUtcNow()).TotalSeconds));
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await ApiErrors.WriteAsync(context, StatusCodes.Status429TooManyRequests, ApiErrorTypes.RateLimit, "rate_limit_exceeded",
            $"Rate limit of {decision.Limit} requests per {window} reached. Retry after {retryAfter} seconds.");
    }
}
