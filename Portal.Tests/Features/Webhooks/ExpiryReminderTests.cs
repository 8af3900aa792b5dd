using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Expiry;
using Notarial.Portal.Features.OAuth;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Features.Webhooks;

namespace Notarial.Portal.Tests.Features.Webhooks;

[Collection(WebhookCollection.Name)]
public sealed class ExpiryReminderTests(WebhookApp app) : IAsyncLifetime
{
    private WebhookReceiver _receiver = default!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private Task RunRemindersAsync() => app.Services.GetRequiredService<ExpiryReminderService>().RunAsync();

    [Fact]
    public async Task An_expiring_key_is_reminded_once_at_14_7_and_1_days_and_announced_when_it_expires()
    {
        var owner = await app.Given.DeveloperAsync();
        await app.Given.WebhookEndpointAsync(_receiver.Url, owner, events: "api_key.expiring api_key.expired");
        var key = await app.Given.ApiKeyAsync(owner, expires: "30d", name: "Soon gone");

        await RunRemindersAsync();
        Assert.Empty(Reminders(owner));

        var expected = new List<int>();
        foreach (var (advance, daysLeft) in new[] { (16.5, 14), (7.0, 7), (6.0, 1) })
        {
            app.Clock.Advance(TimeSpan.FromDays(advance));
            await RunRemindersAsync();
            await RunRemindersAsync();
            expected.Add(daysLeft);
            var mails = Reminders(owner);
            Assert.Equal(expected.Count, mails.Count);
            Assert.Contains(mails, m => m.Subject == $"Your API key “Soon gone” expires in {(daysLeft == 1 ? "1 day" : $"{daysLeft} days")}");
        }

        app.Clock.Advance(TimeSpan.FromDays(1));
        await RunRemindersAsync();
        await RunRemindersAsync();
        Assert.Equal(3, Reminders(owner).Count);

        await app.Given.DeliverDueWebhooksAsync();
        var events = (await _receiver.WaitForAsync(4)).Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(4, events.Count);
        Assert.Equal([1, 7, 14], events.Where(e => e.GetProperty("type").GetString() == "api_key.expiring")
            .Select(e => e.GetProperty("data").GetProperty("days_left").GetInt32()).Order());
        var expired = Assert.Single(events, e => e.GetProperty("type").GetString() == "api_key.expired");
        Assert.Equal(key.Id.ToString(), expired.GetProperty("data").GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_key_first_seen_inside_a_threshold_gets_only_the_nearest_reminder()
    {
        var owner = await app.Given.DeveloperAsync();
        await app.Given.ApiKeyAsync(owner, expires: app.Clock.GetUtcNow().AddDays(5).ToString("yyyy-MM-dd"), name: "Short lived");

        await RunRemindersAsync();
        await RunRemindersAsync();

        var mail = Assert.Single(Reminders(owner));
        Assert.Contains("expires in", mail.Subject);
        Assert.Contains("Rotate it", mail.TextBody);
    }

    [Fact]
    public async Task Previous_client_secrets_and_webhook_secrets_that_expire_are_reminded_and_listed_on_the_dashboard()
    {
        var owner = await app.Given.DeveloperAsync();
        var endpoint = await app.Given.WebhookEndpointAsync(_receiver.Url, owner, events: "application.secret_expiring");
        var client = await app.Given.MachineClientInAsync("live", owner, "orders:read");
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            await db.Set<OAuthApplication>().Where(a => a.Id == client.ApplicationId).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.PreviousClientSecret, "previous-secret-hash")
                .SetProperty(a => a.PreviousSecretExpiresAt, app.Clock.GetUtcNow().AddDays(6.5)));
        }

        await app.Services.GetRequiredService<WebhookService>().RotateSecretAsync(WebhookActor.Session(owner.Id, RequestOrigin.Unknown), endpoint.Id, "7d");
        await app.Given.ApiKeyAsync(owner, expires: "30d", name: "Not yet");

        await RunRemindersAsync();
        await RunRemindersAsync();

        var mails = Reminders(owner);
        Assert.Equal(2, mails.Count);
        Assert.Contains(mails, m => m.Subject.StartsWith("The previous client secret of", StringComparison.Ordinal) && m.Subject.EndsWith("in 7 days", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.Subject == "The previous signing secret of a webhook endpoint stops signing in 7 days");

        await app.Given.DeliverDueWebhooksAsync();
        var delivered = JsonDocument.Parse(Assert.Single(await _receiver.WaitForAsync(1)).Body).RootElement;
        Assert.Equal("application.secret_expiring", delivered.GetProperty("type").GetString());
        Assert.Equal(client.ClientId, delivered.GetProperty("data").GetProperty("application").GetProperty("client_id").GetString());

        var expiring = await app.Services.GetRequiredService<ExpiringCredentials>().ListAsync(owner.Id);
        Assert.Equal([ExpiringKinds.ClientSecret, ExpiringKinds.WebhookSecret], expiring.Select(e => e.Kind));
    }

    private List<Notarial.Portal.Features.Mail.PickedUpMail> Reminders(TestUser owner) =>
        app.To(owner.Email).Where(m => m.Subject.Contains("expires in", StringComparison.Ordinal) || m.Subject.Contains("stops", StringComparison.Ordinal)).ToList();
}
