using Microsoft.AspNetCore.Http;

namespace Notarial.Portal.Features.Security;

/// <summary>
/// Where a request came from (client IP and user agent), captured from the HTTP request. Interactive components receive it
/// as a cascading value from the page that started the circuit, because they have no HttpContext of their own.
/// </summary>
public sealed record RequestOrigin(string? IpAddress, string? UserAgent)
{
    public static RequestOrigin Unknown { get; } = new(null, null);

    public static RequestOrigin From(HttpContext context)
    {
        var userAgent = context.Request.Headers.UserAgent.ToString();
        if (userAgent.Length > 512)
        {
            userAgent = userAgent[..512];
        }

        return new RequestOrigin(context.Connection.RemoteIpAddress?.ToString(), userAgent.Length == 0 ? null : userAgent);
    }
}
