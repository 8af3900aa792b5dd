using Notarial.Portal.Features.Mail;

namespace Notarial.Portal.Features.TwoFactor;

/// <summary>Security notices about two-factor authentication, sent to the account's address.</summary>
public sealed class TwoFactorMails(IMailSender sender)
{
    public Task SendEnabledAsync(string email) =>
        sender.SendAsync(MailTemplate.Build(email, "Two-factor authentication was turned on", "Hello,",
            ["Two-factor authentication was just turned on for your Notarial Developer Portal account: signing in now also needs a code from your authenticator app.",
             "If this was not you, someone has access to your account: reset your password, then sign in with one of the recovery codes and turn two-factor authentication off or set it up again on your own phone."]));

    public Task SendDisabledAsync(string email) =>
        sender.SendAsync(MailTemplate.Build(email, "Two-factor authentication was turned off", "Hello,",
            ["Two-factor authentication was just turned off for your Notarial Developer Portal account. Signing in now needs only your password.",
             "If this was not you, change your password at once, turn two-factor authentication on again and review your API keys and applications."]));

    public Task SendRecoveryCodeUsedAsync(string email, int codesLeft) =>
        sender.SendAsync(MailTemplate.Build(email, "A recovery code was used to sign in", "Hello,",
            ["Someone signed in to your Notarial Developer Portal account with one of your recovery codes. That code no longer works.",
             codesLeft == 1 ? "You have 1 recovery code left." : $"You have {codesLeft} recovery codes left.",
             "If you lost your phone, set up your authenticator app again in your account settings and make new recovery codes. " +
             "If this was not you, change your password at once and make new recovery codes."]));
}
