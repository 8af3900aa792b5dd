using System.ComponentModel.DataAnnotations;

namespace Notarial.Portal.Features.Mail;

/// <summary>Outgoing mail (section "Email"): SMTP when <see cref="SmtpOptions.Host"/> is set, else .eml files in the
/// data directory's mail/ folder.</summary>
public sealed class MailOptions
{
    public const string Section = "Email";

    [Required, EmailAddress]
    public string From { get; set; } = "no-reply@notarial.local";

    [Required]
    public string FromName { get; set; } = "Notarial Developer Portal";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Serve /dev/mail, a list of the pickup folder's messages. On by default in Development only.</summary>
    public bool? PickupPageEnabled { get; set; }
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public bool EnableSsl { get; set; } = true;

    public string? UserName { get; set; }

    public string? Password { get; set; }
}
