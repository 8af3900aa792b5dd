using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Notarial.Portal.Features.TwoFactor;

/// <summary>
/// When a request is refused only because a staff member has no 2FA yet, sends them to set it up (with a note why)
/// instead of the generic access-denied page; every other outcome is the framework's. Interactive navigation inside a
/// circuit does not pass here: <see cref="StaffTwoFactorGate"/> does the same in the router's "not authorized" view.
/// </summary>
public sealed class StaffTwoFactorRedirect : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && OnlyTwoFactorMissing(authorizeResult.AuthorizationFailure) && !PortalPaths.IsApi(context.Request.Path))
        {
            context.Response.Redirect($"{context.Request.PathBase}/{TwoFactorPaths.StaffMustEnrol}");
            return Task.CompletedTask;
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }

    private static bool OnlyTwoFactorMissing(AuthorizationFailure? failure) =>
        failure is { FailCalled: false } && failure.FailedRequirements.Any() &&
        failure.FailedRequirements.All(r => r is StaffTwoFactorRequirement);
}
