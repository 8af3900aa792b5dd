using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notarial.Portal.Features.Accounts;

/// <summary>
/// Identity's sign-in manager with the checks in an order that does not leak account state: the framework reports
/// "not allowed" (unconfirmed email) before it looks at the password, which tells anyone whether an address is registered.
/// Here a locked account is refused without checking the password (no guessing during lockout), the password is checked
/// next (failures count toward lockout), and only a caller who knows the password learns that the email is unconfirmed.
/// </summary>
public sealed class PortalSignInManager(
    UserManager<PortalUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PortalUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PortalUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PortalUser> confirmation)
    : SignInManager<PortalUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<SignInResult> CheckPasswordSignInAsync(PortalUser user, string password, bool lockoutOnFailure)
    {
        ArgumentNullException.ThrowIfNull(user);

        if (await IsLockedOut(user))
        {
            return SignInResult.LockedOut;
        }

        if (!await UserManager.CheckPasswordAsync(user, password))
        {
            if (lockoutOnFailure)
            {
                await UserManager.AccessFailedAsync(user);
                if (await UserManager.IsLockedOutAsync(user))
                {
                    return SignInResult.LockedOut;
                }
            }

            return SignInResult.Failed;
        }

        if (!await CanSignInAsync(user))
        {
            return SignInResult.NotAllowed;
        }

        // Only reset the failure count when no second factor follows; otherwise the 2FA step resets it.
        if (!(UserManager.SupportsUserTwoFactor && await UserManager.GetTwoFactorEnabledAsync(user)))
        {
            await UserManager.ResetAccessFailedCountAsync(user);
        }

        return SignInResult.Success;
    }
}
