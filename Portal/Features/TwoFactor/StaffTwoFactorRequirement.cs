using Microsoft.AspNetCore.Authorization;

namespace Notarial.Portal.Features.TwoFactor;

/// <summary>The signed-in user has two-factor authentication on (checked in the database on every evaluation, so turning
/// it off takes effect at once). Part of <see cref="TwoFactorPolicies.StaffWithTwoFactor"/>.</summary>
public sealed class StaffTwoFactorRequirement : IAuthorizationRequirement;
