using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notarial.Portal.Data;

namespace Notarial.Portal.Features.Mail;

/// <summary>Writes each message as an .eml file into the data directory's mail/ folder, for machines without a mail server.</summary>
public sealed partial class PickupFolderMailSender(
    DataDirectory dataDirectory,
    IOptions<MailOptions> options,
    TimeProvider time,
    ILogger<PickupFolderMailSender> logger) : IMailSender
{
    public const string FolderName = "mail";

    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var id = $"{now:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}";
        var content = MimeMessageWriter.Write(mail, options.Value.From, options.Value.FromName, now, $"{id}@notarial.local");
        var folder = dataDirectory.Folder(FolderName);
        var path = Path.Combine(folder, id + ".eml");

        // Write to a temporary name first so a reader never sees half a message.
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, content, new UTF8Encoding(false), cancellationToken);
        File.Move(temporary, path);
        LogWritten(mail.Subject, path);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail \"{Subject}\" written to {Path}")]
    private partial void LogWritten(string subject, string path);
}
