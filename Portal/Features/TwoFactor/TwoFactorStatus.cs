namespace Notarial.Portal.Features.TwoFactor;

/// <summary>Where a user stands with two-factor authentication.</summary>
/// <param name="Enabled">Whether sign-in asks for a second factor.</param>
/// <param name="EnabledAt">When it was turned on.</param>
/// <param name="RecoveryCodesLeft">Unused recovery codes.</param>
/// <param name="NewAuthenticatorPending">2FA is on and a new authenticator key is waiting to be confirmed.</param>
public sealed record TwoFactorStatus(bool Enabled, DateTimeOffset? EnabledAt, int RecoveryCodesLeft, bool NewAuthenticatorPending)
{
    public static TwoFactorStatus Off { get; } = new(false, null, 0, false);
}
