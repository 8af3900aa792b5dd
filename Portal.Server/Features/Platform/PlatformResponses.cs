using Notarial.Portal.Server.Features.Api;

namespace Notarial.Portal.Server.Features.Platform;

/// <summary>The answers every platform authentication scheme gives when it refuses a request.</summary>
public static class PlatformResponses
{
    /// <summary>403 <c>insufficient_scope</c>, naming the scope the endpoint needs.</summary>
    public static Task WriteForbiddenAsync(HttpContext context)
    {
        var scope = context.Items[ScopeAuthorizationHandler.RequiredScopeItem] as string;
        var message = scope is null
            ? "The credential is not allowed to do this."
            : $"This endpoint needs the scope '{scope}', which the credential does not have.";
        if (scope is not null)
        {
            context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"Notarial API\", error=\"insufficient_scope\", scope=\"{scope}\"";
        }

        return ApiErrors.WriteAsync(context, StatusCodes.Status403Forbidden, ApiErrorTypes.Permission, "insufficient_scope", message);
    }
}
