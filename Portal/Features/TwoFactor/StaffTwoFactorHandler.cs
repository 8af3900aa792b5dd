using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Notarial.Portal.Features.TwoFactor;

/// <summary>Meets <see cref="StaffTwoFactorRequirement"/> when the user's account has 2FA on. Reads the database, not a
/// cookie claim: a session started before 2FA was turned off must not keep the admin area open.</summary>
public sealed class StaffTwoFactorHandler(TwoFactorStore store) : AuthorizationHandler<StaffTwoFactorRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, StaffTwoFactorRequirement requirement)
    {
        if (context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId && await store.IsEnabledAsync(userId))
        {
            context.Succeed(requirement);
        }
    }
}
