using Microsoft.AspNetCore.Identity;
using Notarial.Portal.Features.Accounts;

namespace Notarial.Portal.Features.TwoFactor;

/// <summary>
/// Recovery codes as a second-factor provider, so the recovery sign-in goes through the sign-in manager's
/// <c>TwoFactorSignInAsync</c> like a code does — and so counts wrong codes toward lockout, which Identity's own
/// <c>TwoFactorRecoveryCodeSignInAsync</c> does not (and Identity stores its recovery codes in clear text).
/// It never offers itself as a way to sign in (<see cref="CanGenerateTwoFactorTokenAsync"/> is false): it only redeems.
/// </summary>
public sealed class RecoveryCodeTokenProvider(SecondFactorVerifier verifier) : IUserTwoFactorTokenProvider<PortalUser>
{
    public const string ProviderName = "RecoveryCode";

    public Task<string> GenerateAsync(string purpose, UserManager<PortalUser> manager, PortalUser user) => Task.FromResult(string.Empty);

    public Task<bool> ValidateAsync(string purpose, string token, UserManager<PortalUser> manager, PortalUser user) =>
        verifier.RedeemRecoveryCodeAsync(user.Id, token);

    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<PortalUser> manager, PortalUser user) => Task.FromResult(false);
}
