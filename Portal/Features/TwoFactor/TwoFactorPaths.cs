namespace Notarial.Portal.Features.TwoFactor;

/// <summary>The two-factor pages (base-relative, as the account pages link them).</summary>
public static class TwoFactorPaths
{
    public const string Manage = "account/manage/two-factor";
    public const string SignInWithCode = "account/login-2fa";
    public const string SignInWithRecoveryCode = "account/login-recovery";

    /// <summary>Where staff without 2FA are sent from the admin area: the set-up page, saying why.</summary>
    public const string StaffMustEnrol = Manage + "?required=staff";
}
