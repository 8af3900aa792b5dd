using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Features.TwoFactor;

/// <summary>
/// Turning two-factor authentication on and off, recovery codes, and moving to a new authenticator app: the operations
/// behind the two-factor settings page. Changes that weaken or re-key the second factor (new recovery codes, a new app,
/// turning it off) ask for proof first — a current code or the password — and wrong proofs count toward lockout, so a
/// borrowed session cannot guess its way through.
/// </summary>
public sealed partial class TwoFactorService(
    UserManager<PortalUser> users,
    TwoFactorStore store,
    SecondFactorVerifier verifier,
    TotpVerifier totp,
    SecurityEventLog events,
    TwoFactorMails mails,
    ILogger<TwoFactorService> logger)
{
    /// <summary>The issuer authenticator apps show next to the account.</summary>
    public const string Issuer = "Notarial";

    private const string ProofField = "Proof";

    private enum ProofCheck
    {
        Accepted,
        Wrong,
        LockedOut,
    }

    public Task<TwoFactorStatus> GetStatusAsync(PortalUser user) => store.GetStatusAsync(user.Id);

    /// <summary>The key being set up (made on first request, kept until confirmed) as a QR code and typed key.</summary>
    public async Task<AuthenticatorSetup> GetSetupAsync(PortalUser user)
    {
        var key = await store.GetOrCreatePendingKeyAsync(user.Id);
        return AuthenticatorSetup.For(Issuer, user.Email!, key);
    }

    /// <summary>
    /// Confirms the key being set up with a current code from the app. The first time, this turns 2FA on and returns
    /// ten new recovery codes; when moving to a new app, the new key replaces the old one and the codes stay as they are.
    /// </summary>
    public async Task<TwoFactorResult> ConfirmSetupAsync(PortalUser user, string code, RequestOrigin origin)
    {
        var pending = await store.GetPendingKeyAsync(user.Id);
        if (pending is null)
        {
            return TwoFactorResult.Fail("", "There is no authenticator set-up waiting for a code. Start again from this page.");
        }

        if (totp.MatchStep(pending, code) is not { } step)
        {
            return TwoFactorResult.Fail("Code", "That code does not match. Enter the code your app shows now; if it still fails, check that your phone's clock is set automatically.");
        }

        if (!await store.TryConfirmPendingKeyAsync(user.Id, pending, step))
        {
            return TwoFactorResult.Fail("", "The key changed while you were confirming it (another tab?). Reload the page and scan the new code.");
        }

        if (await users.GetTwoFactorEnabledAsync(user))
        {
            // A new app: remembered browsers and other sessions were trusted under the old key.
            await users.UpdateSecurityStampAsync(user);
            await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.TwoFactorAuthenticatorReset, user.Id, user.Email, user.Id, Origin: origin));
            LogAuthenticatorReset(user.Id);
            return TwoFactorResult.Success;
        }

        var codes = await ReplaceRecoveryCodesAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.TwoFactorEnabled, user.Id, user.Email, user.Id, Origin: origin));
        await mails.SendEnabledAsync(user.Email!);
        LogEnabled(user.Id);
        return TwoFactorResult.WithCodes(codes);
    }

    /// <summary>Ten new recovery codes; the old ones stop working.</summary>
    public async Task<TwoFactorResult> RegenerateRecoveryCodesAsync(PortalUser user, string proof, RequestOrigin origin)
    {
        if (await RequireEnabledAndProofAsync(user, proof) is { } refused)
        {
            return refused;
        }

        var codes = await ReplaceRecoveryCodesAsync(user);
        await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.TwoFactorRecoveryCodesRegenerated, user.Id, user.Email, user.Id, Origin: origin));
        LogRecoveryCodesRegenerated(user.Id);
        return TwoFactorResult.WithCodes(codes);
    }

    /// <summary>Starts moving to a new authenticator app: a new key to scan. The current app keeps working until a code
    /// from the new one confirms it, so an interrupted move never locks the user out.</summary>
    public async Task<TwoFactorResult> StartAuthenticatorResetAsync(PortalUser user, string proof)
    {
        if (await RequireEnabledAndProofAsync(user, proof) is { } refused)
        {
            return refused;
        }

        await store.CreatePendingKeyAsync(user.Id);
        return TwoFactorResult.Success;
    }

    /// <summary>Abandons a move to a new app; the current app stays.</summary>
    public async Task CancelAuthenticatorResetAsync(PortalUser user)
    {
        if (await users.GetTwoFactorEnabledAsync(user))
        {
            await store.DiscardPendingKeyAsync(user.Id);
        }
    }

    /// <summary>Turns 2FA off: the key and recovery codes are forgotten, and the owner is told by mail.</summary>
    public async Task<TwoFactorResult> DisableAsync(PortalUser user, string proof, RequestOrigin origin)
    {
        if (await RequireEnabledAndProofAsync(user, proof) is { } refused)
        {
            return refused;
        }

        var result = await users.SetTwoFactorEnabledAsync(user, false);
        if (!result.Succeeded)
        {
            return TwoFactorResult.Fail("", string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        await store.RemoveAsync(user.Id);
        await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.TwoFactorDisabled, user.Id, user.Email, user.Id, Origin: origin));
        await mails.SendDisabledAsync(user.Email!);
        LogDisabled(user.Id);
        return TwoFactorResult.Success;
    }

    private async Task<IReadOnlyList<string>> ReplaceRecoveryCodesAsync(PortalUser user)
    {
        var codes = RecoveryCodes.Generate();
        await store.ReplaceRecoveryCodesAsync(user.Id, codes.Select(c => RecoveryCodes.Hash(RecoveryCodes.Normalize(c)!)));
        return codes;
    }

    private async Task<TwoFactorResult?> RequireEnabledAndProofAsync(PortalUser user, string proof)
    {
        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            return TwoFactorResult.Fail("", "Two-factor authentication is not on for your account.");
        }

        return await CheckProofAsync(user, proof) switch
        {
            ProofCheck.Accepted => null,
            ProofCheck.LockedOut => TwoFactorResult.Fail(ProofField, "Too many failed attempts: try again in 15 minutes."),
            _ => TwoFactorResult.Fail(ProofField, "That is neither a current code from your authenticator app nor your password."),
        };
    }

    /// <summary>A current authenticator code (six digits; used up like at sign-in) or the password. Passwords are at
    /// least 10 characters, so the two cannot be confused.</summary>
    private async Task<ProofCheck> CheckProofAsync(PortalUser user, string proof)
    {
        if (await users.IsLockedOutAsync(user))
        {
            return ProofCheck.LockedOut;
        }

        var accepted = TotpVerifier.NormalizeCode(proof) is not null
            ? await verifier.VerifyAuthenticatorCodeAsync(user.Id, proof)
            : await users.CheckPasswordAsync(user, proof);
        if (accepted)
        {
            await users.ResetAccessFailedCountAsync(user);
            return ProofCheck.Accepted;
        }

        await users.AccessFailedAsync(user);
        return await users.IsLockedOutAsync(user) ? ProofCheck.LockedOut : ProofCheck.Wrong;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Two-factor authentication turned on for {UserId}")]
    private partial void LogEnabled(string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Two-factor authentication turned off for {UserId}")]
    private partial void LogDisabled(string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "New recovery codes generated for {UserId}")]
    private partial void LogRecoveryCodesRegenerated(string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Authenticator app replaced for {UserId}")]
    private partial void LogAuthenticatorReset(string userId);
}
