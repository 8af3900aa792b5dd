namespace Notarial.Portal.Features.TwoFactor;

public enum TwoFactorSignInOutcome
{
    Succeeded,

    /// <summary>The code was wrong, already used, or (for recovery codes) not one of the user's.</summary>
    Failed,

    LockedOut,

    /// <summary>No password step in progress: the short-lived two-factor cookie is missing or expired.</summary>
    NoSignInInProgress,
}
