using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Features.Mail;

namespace Notarial.Portal.Tests.Infrastructure;

/// <summary>Reads the mail the portal wrote to its pickup folder.</summary>
public static class Mailbox
{
    public static IReadOnlyList<PickedUpMail> To(this PortalApp app, string email) =>
        app.Services.GetRequiredService<MailPickupFolder>().List(max: 10_000).Where(m => m.To == email).ToList();

    /// <summary>The single message to <paramref name="email"/> whose subject contains <paramref name="subject"/>.</summary>
    public static PickedUpMail SingleMail(this PortalApp app, string email, string subject) =>
        Assert.Single(app.To(email), m => m.Subject.Contains(subject, StringComparison.OrdinalIgnoreCase));

    /// <summary>The link in the message that goes to <paramref name="path"/>, as a path relative to the server.</summary>
    public static string LinkTo(this PickedUpMail mail, string path)
    {
        var link = Assert.Single(mail.Links, l => new Uri(l).AbsolutePath == "/" + path);
        return new Uri(link).PathAndQuery.TrimStart('/');
    }
}
