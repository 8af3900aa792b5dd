using Microsoft.AspNetCore.Identity;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Features.TwoFactor;

/// <summary>
/// The second step of signing in, after <see cref="PasswordSignIn"/> answered "requires two-factor". Both ways go
/// through the sign-in manager, which checks lockout first, counts a wrong code like a wrong password, ends the
/// short-lived two-factor cookie and issues a new session cookie (with <c>amr=mfa</c>) on success.
/// </summary>
public sealed class TwoFactorSignIn(
    SignInManager<PortalUser> signInManager,
    UserManager<PortalUser> users,
    PasswordSignIn passwordSignIn,
    TwoFactorStore store,
    TwoFactorMails mails,
    SecurityEventLog events)
{
    /// <summary>Whether a password step is waiting for its second factor (else the pages send the user back to sign in).</summary>
    public async Task<bool> IsInProgressAsync() => await signInManager.GetTwoFactorAuthenticationUserAsync() is not null;

    /// <param name="rememberMe">Keep the session cookie after the browser closes (the choice made on the password step).</param>
    /// <param name="rememberBrowser">Skip this step on this browser for 30 days.</param>
    public async Task<TwoFactorSignInOutcome> SignInWithAuthenticatorAsync(string code, bool rememberMe, bool rememberBrowser, RequestOrigin origin)
    {
        var user = await signInManager.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return TwoFactorSignInOutcome.NoSignInInProgress;
        }

        var result = await signInManager.TwoFactorAuthenticatorSignInAsync(code, rememberMe, rememberBrowser);
        if (result.Succeeded)
        {
            await passwordSignIn.RecordSuccessAsync(user, origin, "password and authenticator code");
            return TwoFactorSignInOutcome.Succeeded;
        }

        return await FailureAsync(user, result, "Wrong or reused authenticator code", origin);
    }

    /// <summary>Signs in with a recovery code, which is used up; the owner is told by mail.</summary>
    public async Task<TwoFactorSignInOutcome> SignInWithRecoveryCodeAsync(string code, bool rememberMe, RequestOrigin origin)
    {
        var user = await signInManager.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return TwoFactorSignInOutcome.NoSignInInProgress;
        }

        var result = await signInManager.TwoFactorSignInAsync(RecoveryCodeTokenProvider.ProviderName, code, rememberMe, rememberClient: false);
        if (!result.Succeeded)
        {
            return await FailureAsync(user, result, "Wrong or used recovery code", origin);
        }

        var left = await store.CountRecoveryCodesAsync(user.Id);
        await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.TwoFactorRecoveryCodeUsed, user.Id, user.Email, user.Id,
            Details: $"{left} recovery code(s) left", Origin: origin));
        await passwordSignIn.RecordSuccessAsync(user, origin, "password and recovery code");
        await mails.SendRecoveryCodeUsedAsync(user.Email!, left);
        return TwoFactorSignInOutcome.Succeeded;
    }

    private async Task<TwoFactorSignInOutcome> FailureAsync(PortalUser user, SignInResult result, string details, RequestOrigin origin)
    {
        // The sign-in manager reports a lockout found before the check; the failure that causes one reads as "failed".
        if (result.IsLockedOut || await users.IsLockedOutAsync(user))
        {
            await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.SignInLockedOut, SubjectUserId: user.Id, Details: "At the second factor", Origin: origin));
            return TwoFactorSignInOutcome.LockedOut;
        }

        await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.SignInFailed, SubjectUserId: user.Id, Details: details, Origin: origin));
        return TwoFactorSignInOutcome.Failed;
    }
}
