using System.Text.Encodings.Web;

namespace Notarial.Portal.Features.Mail;

/// <summary>Builds the portal's plain, accessible mails: a greeting, paragraphs, an optional button with its link also
/// written out in full (for text-only clients and for copying).</summary>
public static class MailTemplate
{
    public static OutgoingMail Build(string to, string subject, string greeting, IReadOnlyList<string> paragraphs, (string Label, string Url)? action = null, string? footer = null)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(greeting).AppendLine();
        foreach (var paragraph in paragraphs)
        {
            text.AppendLine(paragraph).AppendLine();
        }

        if (action is { } a)
        {
            text.AppendLine(a.Label + ":").AppendLine(a.Url).AppendLine();
        }

        if (footer is not null)
        {
            text.AppendLine(footer).AppendLine();
        }

        text.AppendLine("— Notarial Developer Portal");

        var html = new System.Text.StringBuilder();
        var encoder = HtmlEncoder.Default;
        html.Append("<!DOCTYPE html><html><body style=\"font-family:Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2933;max-width:560px\">");
        html.Append("<p>").Append(encoder.Encode(greeting)).Append("</p>");
        foreach (var paragraph in paragraphs)
        {
            html.Append("<p>").Append(encoder.Encode(paragraph)).Append("</p>");
        }

        if (action is { } b)
        {
            html.Append("<p><a href=\"").Append(encoder.Encode(b.Url)).Append("\" style=\"display:inline-block;padding:10px 18px;background:#3949ab;color:#fff;border-radius:4px;text-decoration:none\">")
                .Append(encoder.Encode(b.Label)).Append("</a></p>");
            html.Append("<p style=\"font-size:12px;color:#616e7c\">Or open this link: ").Append(encoder.Encode(b.Url)).Append("</p>");
        }

        if (footer is not null)
        {
            html.Append("<p style=\"font-size:12px;color:#616e7c\">").Append(encoder.Encode(footer)).Append("</p>");
        }

        html.Append("<p>— Notarial Developer Portal</p></body></html>");
        return new OutgoingMail(to, subject, text.ToString(), html.ToString());
    }
}
