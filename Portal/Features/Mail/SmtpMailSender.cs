using System.Net;
using System.Net.Mail;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notarial.Portal.Features.Mail;

/// <summary>Sends mail through the configured SMTP server.</summary>
public sealed partial class SmtpMailSender(IOptions<MailOptions> options, ILogger<SmtpMailSender> logger) : IMailSender
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        using var message = new MailMessage
        {
            From = new MailAddress(settings.From, settings.FromName),
            Subject = mail.Subject,
            SubjectEncoding = Encoding.UTF8,
            Body = mail.TextBody,
            BodyEncoding = Encoding.UTF8,
        };
        message.To.Add(new MailAddress(mail.To));
        message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(mail.HtmlBody, Encoding.UTF8, "text/html"));

        using var client = new SmtpClient(settings.Smtp.Host, settings.Smtp.Port) { EnableSsl = settings.Smtp.EnableSsl };
        if (!string.IsNullOrEmpty(settings.Smtp.UserName))
        {
            client.Credentials = new NetworkCredential(settings.Smtp.UserName, settings.Smtp.Password);
        }

        await client.SendMailAsync(message, cancellationToken);
        LogSent(mail.Subject);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail \"{Subject}\" sent by SMTP")]
    private partial void LogSent(string subject);
}
