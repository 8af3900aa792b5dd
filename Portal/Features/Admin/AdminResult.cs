namespace Notarial.Portal.Features.Admin;

/// <summary>Why an admin operation was refused.</summary>
public enum AdminFailure
{
    /// <summary>The actor is not staff with 2FA, or lacks the power (support acting on an admin, changing roles...).</summary>
    Forbidden,
    NotFound,
    Invalid,
}

/// <summary>The outcome of an admin operation: done, with a sentence for the snackbar, or refused with the reason why.</summary>
public sealed record AdminResult(bool Succeeded, string Message, AdminFailure? Failure = null)
{
    public static AdminResult Done(string message) => new(true, message);

    public static AdminResult Forbidden(string message) => new(false, message, AdminFailure.Forbidden);

    public static AdminResult NotFound(string what) => new(false, $"{what} was not found: it may have been deleted meanwhile.", AdminFailure.NotFound);

    public static AdminResult Invalid(string message) => new(false, message, AdminFailure.Invalid);
}
