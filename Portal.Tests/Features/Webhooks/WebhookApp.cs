using Microsoft.AspNetCore.Hosting;

namespace Notarial.Portal.Tests.Features.Webhooks;

/// <summary>
/// A portal of the webhook tests' own: they move its clock by days (retries, disabling, reminders), which tests sharing
/// the main portal must not feel. A short delivery timeout keeps the hanging-receiver test quick.
/// </summary>
public class WebhookApp : PortalApp
{
    public WebhookApp()
    {
    }

    internal WebhookApp(string dataDirectory)
        : base(dataDirectory)
    {
    }

    protected override void ConfigureSettings(IWebHostBuilder builder) => builder.UseSetting("Webhooks:Timeout", "00:00:02");
}

[CollectionDefinition(Name)]
public sealed class WebhookCollection : ICollectionFixture<WebhookApp>
{
    public const string Name = "webhooks";
}
