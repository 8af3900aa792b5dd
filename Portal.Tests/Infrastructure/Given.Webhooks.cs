using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Features.Webhooks;

namespace Notarial.Portal.Tests.Infrastructure;

/// <summary>An endpoint made for a test, with the secret shown at its creation.</summary>
public sealed record TestWebhookEndpoint(Guid Id, string Secret, TestUser Owner, string Url);

public sealed partial class Given
{
    /// <summary>An endpoint registered through the application's service, as its owner would in the portal.</summary>
    public async Task<TestWebhookEndpoint> WebhookEndpointAsync(Uri url, TestUser? owner = null, string events = "api_key.created", string environment = "live")
    {
        owner ??= await DeveloperAsync();
        var webhooks = app.Services.GetRequiredService<WebhookService>();
        var result = await webhooks.CreateAsync(WebhookActor.Session(owner.Id, RequestOrigin.Unknown, "test"),
            new WebhookDraft(url.ToString(), "Test receiver", events.Split(' '), environment));
        var created = Assert.IsType<Notarial.Portal.Features.Platform.PlatformResult<CreatedWebhookEndpoint>.Ok>(result).Value;
        return new TestWebhookEndpoint(created.Endpoint.Id, created.Secret, owner, created.Endpoint.Url);
    }

    /// <summary>Sends every delivery due now and waits for the answers (the background sender is off in tests).</summary>
    public Task<int> DeliverDueWebhooksAsync() => app.Services.GetRequiredService<WebhookSender>().DeliverDueAsync();
}
