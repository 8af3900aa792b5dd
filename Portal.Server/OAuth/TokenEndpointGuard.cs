using System.Text;
using Microsoft.Extensions.Options;
using Notarial.Portal.Features.RateLimiting;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Server.OAuth;

/// <summary>
/// Rate limits in front of the token endpoint: a budget of requests per client and per IP, and a much smaller budget
/// of failed client authentications (counted by <see cref="Handlers.RecordClientAuthenticationFailures"/>) — a client
/// id or an address that keeps guessing secrets is refused for the rest of the window. Answers in RFC 6749's format.
/// </summary>
public sealed class TokenEndpointGuard(RequestDelegate next, IRateLimitStore limits, IOptions<OAuthServerOptions> options, TimeProvider time)
{
    public static readonly TimeSpan FailureWindow = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly PathString[] GuardedPaths = ["/auth/oauth/token", "/api/oauth/token", "/auth/oauth/revoke", "/auth/oauth/introspect"];

    public static string FailureKey(string kind, string? value) => $"oauth-fail:{kind}:{value}";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !GuardedPaths.Contains(context.Request.Path))
        {
            await next(context);
            return;
        }

        var settings = options.Value.TokenEndpoint;
        var ip = RequestOrigin.From(context).IpAddress ?? "unknown";
        var clientId = await ReadClientIdAsync(context.Request);

        var ipFailures = await limits.PeekAsync(FailureKey("ip", ip), settings.FailuresPerIp, FailureWindow);
        var clientFailures = clientId is null ? default : await limits.PeekAsync(FailureKey("client", clientId), settings.FailuresPerClient, FailureWindow);
        if (ipFailures.Remaining == 0 || (clientId is not null && clientFailures.Remaining == 0))
        {
            var reset = ipFailures.Remaining == 0 ? ipFailures.ResetAt : clientFailures.ResetAt;
            await RefuseAsync(context, reset, "Too many failed client authentications. Try again later.");
            return;
        }

        var perIp = await limits.HitAsync("oauth-ip:" + ip, settings.PerIpPerMinute, Minute);
        var perClient = clientId is null ? perIp : await limits.HitAsync("oauth-client:" + clientId, settings.PerClientPerMinute, Minute);
        if (!perIp.Allowed || !perClient.Allowed)
        {
            await RefuseAsync(context, !perIp.Allowed ? perIp.ResetAt : perClient.ResetAt, "Too many token requests. Try again later.");
            return;
        }

        await next(context);
    }

    private async Task RefuseAsync(HttpContext context, DateTimeOffset reset, string description)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling((reset - time.GetUtcNow()).TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsJsonAsync(new Dictionary<string, string>
        {
            ["error"] = "temporarily_unavailable",
            ["error_description"] = description,
        });
    }

    /// <summary>The client id of a token request: from HTTP Basic authentication (RFC 6749 §2.3.1) or the form.</summary>
    private static async Task<string?> ReadClientIdAsync(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                return colon > 0 ? Uri.UnescapeDataString(decoded[..colon].Replace('+', ' ')) : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }

        if (!request.HasFormContentType)
        {
            return null;
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        var clientId = form["client_id"].ToString();
        return clientId.Length is > 0 and <= 200 ? clientId : null;
    }
}
