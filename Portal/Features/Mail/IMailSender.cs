namespace Notarial.Portal.Features.Mail;

/// <summary>Sends mail. Implementations: <see cref="SmtpMailSender"/> and <see cref="PickupFolderMailSender"/>.</summary>
public interface IMailSender
{
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default);
}
