namespace Notarial.Portal.Features.TwoFactor;

/// <summary>
/// The checks of a second factor, each good once: an authenticator code is accepted only for a time step later than
/// the last one accepted (so neither the same code nor an older one works again), and a recovery code is redeemed by
/// removing it. Callers count failures toward lockout (the sign-in manager does on sign-in).
/// </summary>
public sealed class SecondFactorVerifier(TwoFactorStore store, TotpVerifier totp)
{
    public async Task<bool> VerifyAuthenticatorCodeAsync(string userId, string? code, CancellationToken cancellationToken = default)
    {
        if (TotpVerifier.NormalizeCode(code) is null)
        {
            return false;
        }

        var key = await store.GetAuthenticatorKeyAsync(userId, cancellationToken);
        return key is not null && totp.MatchStep(key, code) is { } step && await store.TryAcceptStepAsync(userId, step, cancellationToken);
    }

    public async Task<bool> RedeemRecoveryCodeAsync(string userId, string? code, CancellationToken cancellationToken = default) =>
        RecoveryCodes.Normalize(code) is { } normalized &&
        await store.TryRedeemRecoveryCodeAsync(userId, RecoveryCodes.Hash(normalized), cancellationToken);
}
