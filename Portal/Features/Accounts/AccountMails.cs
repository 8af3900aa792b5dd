using Notarial.Portal.Features.Mail;

namespace Notarial.Portal.Features.Accounts;

/// <summary>The mails of the account life cycle. Links are absolute URLs built by the caller from the request's base.</summary>
public sealed class AccountMails(IMailSender sender)
{
    private const string NotYou = "If you did not ask for this, you can ignore this mail; nothing changes.";

    public Task SendConfirmationAsync(string email, string name, string link) =>
        sender.SendAsync(MailTemplate.Build(email, "Confirm your email for the Notarial Developer Portal", $"Hello {name},",
            ["Confirm your email address to finish creating your account."], ("Confirm my email", link), NotYou));

    /// <summary>Sent instead of a second account when someone registers an address that already has one, so the
    /// registration page never reveals which addresses are registered.</summary>
    public Task SendAlreadyRegisteredAsync(string email, string signInLink, string resetLink) =>
        sender.SendAsync(MailTemplate.Build(email, "You already have a Notarial Developer Portal account", "Hello,",
            ["Someone, probably you, tried to register with this email address, but it already has an account.",
             $"Sign in at {signInLink}, or if you forgot your password, reset it here:"], ("Reset my password", resetLink), NotYou));

    public Task SendPasswordResetAsync(string email, string link) =>
        sender.SendAsync(MailTemplate.Build(email, "Reset your Notarial Developer Portal password", "Hello,",
            ["We received a request to reset the password of your account. The link works once and expires in one day."], ("Choose a new password", link), NotYou));

    public Task SendEmailChangeAsync(string newEmail, string link) =>
        sender.SendAsync(MailTemplate.Build(newEmail, "Confirm your new email address", "Hello,",
            ["Confirm this address to make it the sign-in email of your Notarial Developer Portal account."], ("Confirm the new address", link), NotYou));

    public Task SendPasswordChangedAsync(string email) =>
        sender.SendAsync(MailTemplate.Build(email, "Your password was changed", "Hello,",
            ["The password of your Notarial Developer Portal account was just changed.",
             "If this was not you, reset your password at once and review your API keys and applications."]));

    public Task SendAccountDeletedAsync(string email) =>
        sender.SendAsync(MailTemplate.Build(email, "Your account was deleted", "Hello,",
            ["Your Notarial Developer Portal account and everything it owned (applications, keys, grants) were deleted."]));
}
