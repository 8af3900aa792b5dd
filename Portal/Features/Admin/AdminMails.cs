using Notarial.Portal.Features.Mail;

namespace Notarial.Portal.Features.Admin;

/// <summary>Tells an owner what support or an admin did to their account or credentials, and why.</summary>
public sealed class AdminMails(IMailSender sender)
{
    /// <summary>One notice: <paramref name="what"/> is a sentence ("Your API key “Deploy” (notary_ab…cd) was revoked").</summary>
    public Task SendActionAsync(string email, string subject, string what, string consequence, string reason) =>
        sender.SendAsync(MailTemplate.Build(email, subject, "Hello,",
            [what + " by the Notarial support team.", "Reason: " + reason, consequence,
             "If you have questions, or think this was a mistake, reply to this mail or contact support."]));
}
