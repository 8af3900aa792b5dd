using System.Globalization;
using System.Text;

namespace Notarial.Portal.Features.Mail;

/// <summary>Writes a message as RFC 5322 text (multipart/alternative, UTF-8, 8bit), the format of an .eml file.</summary>
public static class MimeMessageWriter
{
    public static string Write(OutgoingMail mail, string from, string fromName, DateTimeOffset date, string messageId)
    {
        var boundary = "=_notarial_" + messageId.Replace("@", "_", StringComparison.Ordinal).Replace(".", "_", StringComparison.Ordinal);
        var text = new StringBuilder();
        text.Append("Message-ID: <").Append(messageId).Append(">\r\n");
        text.Append("Date: ").Append(date.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture)).Append("\r\n");
        text.Append("From: ").Append(EncodeWord(fromName)).Append(" <").Append(from).Append(">\r\n");
        text.Append("To: <").Append(mail.To).Append(">\r\n");
        text.Append("Subject: ").Append(EncodeWord(mail.Subject)).Append("\r\n");
        text.Append("MIME-Version: 1.0\r\n");
        text.Append("Content-Type: multipart/alternative; boundary=\"").Append(boundary).Append("\"\r\n");
        text.Append("\r\n");
        AppendPart(text, boundary, "text/plain", mail.TextBody);
        AppendPart(text, boundary, "text/html", mail.HtmlBody);
        text.Append("--").Append(boundary).Append("--\r\n");
        return text.ToString();
    }

    private static void AppendPart(StringBuilder text, string boundary, string contentType, string body)
    {
        text.Append("--").Append(boundary).Append("\r\n");
        text.Append("Content-Type: ").Append(contentType).Append("; charset=utf-8\r\n");
        text.Append("Content-Transfer-Encoding: 8bit\r\n\r\n");
        text.Append(body.ReplaceLineEndings("\r\n")).Append("\r\n");
    }

    /// <summary>RFC 2047 encoded-word for header text that is not plain ASCII.</summary>
    private static string EncodeWord(string value)
    {
        var plain = value.All(c => c is >= ' ' and <= '~');
        return plain ? value : "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) + "?=";
    }
}
