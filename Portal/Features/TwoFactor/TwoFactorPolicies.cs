using Microsoft.AspNetCore.Authorization;
using Notarial.Portal.Features.Accounts;

namespace Notarial.Portal.Features.TwoFactor;

/// <summary>Authorization policies about two-factor authentication.</summary>
public static class TwoFactorPolicies
{
    /// <summary>
    /// Support or Admin with 2FA on: the admin area's policy (applied to every page under Features/Admin by its
    /// _Imports.razor). Staff who lack only the 2FA part are sent to set it up (<see cref="StaffTwoFactorRedirect"/>).
    /// </summary>
    public const string StaffWithTwoFactor = "StaffWith2fa";

    public static AuthorizationBuilder AddTwoFactorPolicies(this AuthorizationBuilder builder) =>
        builder.AddPolicy(StaffWithTwoFactor, policy => policy
            .RequireAuthenticatedUser()
            .RequireRole(PortalRoles.Support, PortalRoles.Admin)
            .AddRequirements(new StaffTwoFactorRequirement()));
}
