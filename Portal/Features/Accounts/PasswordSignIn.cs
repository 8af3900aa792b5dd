using Microsoft.AspNetCore.Identity;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Features.Accounts;

public enum PasswordSignInOutcome
{
    Succeeded,
    RequiresTwoFactor,
    LockedOut,
    EmailNotConfirmed,
    Failed,
}

/// <summary>
/// The password step of signing in, with the same work and the same answers for addresses with and without an account:
/// a password hash is verified either way, and unknown addresses lock out after as many failures as real ones.
/// </summary>
public sealed class PasswordSignIn(
    SignInManager<PortalUser> signInManager,
    UserManager<PortalUser> users,
    UnknownAccountThrottle unknownAccounts,
    IPasswordHasher<PortalUser> hasher,
    SecurityEventLog events,
    TimeProvider time)
{
    private static string? s_dummyHash;

    public async Task<PasswordSignInOutcome> SignInAsync(string email, string password, bool remember, RequestOrigin origin)
    {
        email = email.Trim();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            var normalized = users.NormalizeEmail(email) ?? email;
            var dummy = new PortalUser();
            s_dummyHash ??= hasher.HashPassword(dummy, Guid.NewGuid().ToString());
            if (unknownAccounts.IsLockedOut(normalized))
            {
                return PasswordSignInOutcome.LockedOut;
            }

            hasher.VerifyHashedPassword(dummy, s_dummyHash, password);
            var locked = unknownAccounts.RecordFailure(normalized);
            await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.SignInFailed, Details: "No account for the address entered", Origin: origin));
            return locked ? PasswordSignInOutcome.LockedOut : PasswordSignInOutcome.Failed;
        }

        var result = await signInManager.PasswordSignInAsync(user, password, remember, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await RecordSuccessAsync(user, origin, "password");
            return PasswordSignInOutcome.Succeeded;
        }

        if (result.RequiresTwoFactor)
        {
            return PasswordSignInOutcome.RequiresTwoFactor;
        }

        if (result.IsLockedOut)
        {
            await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.SignInLockedOut, SubjectUserId: user.Id, Origin: origin));
            return PasswordSignInOutcome.LockedOut;
        }

        if (result.IsNotAllowed)
        {
            return PasswordSignInOutcome.EmailNotConfirmed;
        }

        await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.SignInFailed, SubjectUserId: user.Id, Details: "Wrong password", Origin: origin));
        return PasswordSignInOutcome.Failed;
    }

    /// <summary>Stamps the last sign-in time and records the event; also used by the second-factor step.</summary>
    public async Task RecordSuccessAsync(PortalUser user, RequestOrigin origin, string method)
    {
        user.LastSignInAt = time.GetUtcNow();
        await users.UpdateAsync(user);
        await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.SignInSucceeded, user.Id, user.Email, user.Id, Details: method, Origin: origin));
    }
}
