namespace Notarial.Portal.Features.Mail;

/// <summary>One message to one recipient, with a plain-text and an HTML body.</summary>
public sealed record OutgoingMail(string To, string Subject, string TextBody, string HtmlBody);
