using Notarial.Portal.Server.Features.ApiKeys;

namespace Notarial.Portal.Server.Features.Platform;

/// <summary>
/// Decides which credential a request presents, in the order of precedence of the platform API: an API key
/// (<c>X-API-Key</c>, or a bearer value that has the key prefix), then an OAuth bearer token, then the portal session.
/// A key in the query string also goes to the API key scheme, which refuses it with a clear answer.
/// </summary>
public static class PlatformCredentialSelector
{
    public const string ApiKeyHeader = "X-API-Key";
    public const string KeyPrefix = "notary_";

    public static string Select(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (headers.ContainsKey(ApiKeyHeader) || ApiKeyQueryString.Carries(context.Request))
        {
            return PlatformAuthenticationSchemes.ApiKey;
        }

        var authorization = headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization.AsSpan(7).TrimStart().StartsWith(KeyPrefix, StringComparison.Ordinal)
                ? PlatformAuthenticationSchemes.ApiKey
                : PlatformAuthenticationSchemes.Bearer;
        }

        return PlatformAuthenticationSchemes.Session;
    }
}
