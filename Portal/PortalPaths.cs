using Microsoft.AspNetCore.Http;

namespace Notarial.Portal;

/// <summary>Which paths are machine endpoints (JSON, never HTML, never a redirect to the sign-in page).</summary>
public static class PortalPaths
{
    public static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api") ||
        path.StartsWithSegments("/odata") ||
        path.StartsWithSegments("/openapi") ||
        path.StartsWithSegments("/health") ||
        path.StartsWithSegments("/.well-known") ||
        path.StartsWithSegments("/oauth") ||
        (path.StartsWithSegments("/auth/oauth") && !path.StartsWithSegments("/auth/oauth/authorize") && !path.StartsWithSegments("/auth/oauth/logout"));
}
