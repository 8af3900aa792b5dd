using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Features.Webhooks;

namespace Notarial.Portal.Tests.Features.Webhooks;

public sealed class WebhookRestartTests
{
    [Fact]
    public async Task An_event_committed_before_a_restart_is_delivered_after_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var folder = Path.Combine(Path.GetTempPath(), "notarial-tests", Guid.NewGuid().ToString("N"));
        string secret;
        try
        {
            await using (var before = new WebhookApp(folder))
            {
                await before.InitializeAsync();
                var endpoint = await before.Given.WebhookEndpointAsync(receiver.Url);
                secret = endpoint.Secret;
                await before.Given.ApiKeyAsync(endpoint.Owner, name: "Made before the restart");
            }

            Assert.Empty(receiver.Received);

            await using var after = new WebhookApp(folder);
            await after.InitializeAsync();
            await after.Services.GetRequiredService<WebhookSender>().DeliverDueAsync();

            var delivery = Assert.Single(await receiver.WaitForAsync(1));
            Assert.Contains("Made before the restart", delivery.Body);
            WebhookSignatures.AssertSignedWith(delivery, secret);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
