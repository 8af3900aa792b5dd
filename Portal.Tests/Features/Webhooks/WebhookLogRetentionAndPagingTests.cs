using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Webhooks;
using Notarial.Portal.Tests.Features.Applications;

namespace Notarial.Portal.Tests.Features.Webhooks;

/// <summary>The delivery log a page at a time, and the retention job that keeps it from growing without end.</summary>
[Collection(PortalCollection.Name)]
public sealed class WebhookLogRetentionAndPagingTests(PortalApp app)
{
    private static readonly Uri Receiver = new("https://receiver.example.test/hooks");

    /// <summary>Puts an event and its delivery (with one attempt) into the log as the sender would leave them, at
    /// <paramref name="age"/> before the clock's now.</summary>
    private async Task<(string EventId, Guid DeliveryId)> LogAsync(Guid endpointId, string ownerId, TimeSpan age, WebhookDeliveryState state, bool withDelivery = true)
    {
        var at = app.Clock.GetUtcNow() - age;
        var eventId = "evt_" + Guid.NewGuid().ToString("N");
        var deliveryId = Guid.NewGuid();
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        db.WebhookEvents.Add(new WebhookEvent { Id = eventId, OwnerId = ownerId, Environment = "live", Type = "webhook.test", Payload = "{}", CreatedAt = at });
        if (withDelivery)
        {
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                Id = deliveryId,
                EventId = eventId,
                EndpointId = endpointId,
                State = state,
                AttemptCount = 1,
                CreatedAt = at,
                CompletedAt = state == WebhookDeliveryState.Pending ? null : at,
                NextAttemptAt = state == WebhookDeliveryState.Pending ? app.Clock.GetUtcNow().AddYears(1) : null,
            });
            db.WebhookAttempts.Add(new WebhookAttempt { Id = Guid.NewGuid(), DeliveryId = deliveryId, EndpointId = endpointId, At = at, StatusCode = 500 });
        }

        await db.SaveChangesAsync();
        return (eventId, deliveryId);
    }

    [Fact]
    public async Task Retention_deletes_finished_deliveries_older_than_the_setting_with_their_attempts_and_events_and_keeps_the_rest()
    {
        var endpoint = await app.Given.WebhookEndpointAsync(Receiver);
        var owner = endpoint.Owner.Id;
        var oldDelivered = await LogAsync(endpoint.Id, owner, TimeSpan.FromDays(31), WebhookDeliveryState.Succeeded);
        var oldFailed = await LogAsync(endpoint.Id, owner, TimeSpan.FromDays(45), WebhookDeliveryState.Failed);
        var oldStillRetrying = await LogAsync(endpoint.Id, owner, TimeSpan.FromDays(40), WebhookDeliveryState.Pending);
        var oldWithoutDelivery = await LogAsync(endpoint.Id, owner, TimeSpan.FromDays(60), WebhookDeliveryState.Succeeded, withDelivery: false);
        var recent = await LogAsync(endpoint.Id, owner, TimeSpan.FromDays(29), WebhookDeliveryState.Succeeded);

        var (deliveries, events) = await app.Services.GetRequiredService<WebhookRetention>().RunOnceAsync();

        Assert.True(deliveries >= 2, $"{deliveries} deliveries deleted");
        Assert.True(events >= 3, $"{events} events deleted");
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var kept = await db.WebhookDeliveries.Where(d => d.EndpointId == endpoint.Id).Select(d => d.Id).ToListAsync();
        Assert.Equal(new[] { oldStillRetrying.DeliveryId, recent.DeliveryId }.Order(), kept.Order());
        var keptAttempts = await db.WebhookAttempts.Where(a => a.EndpointId == endpoint.Id).Select(a => a.DeliveryId).ToListAsync();
        Assert.Equal(new[] { oldStillRetrying.DeliveryId, recent.DeliveryId }.Order(), keptAttempts.Order());
        var ids = new[] { oldDelivered.EventId, oldFailed.EventId, oldStillRetrying.EventId, oldWithoutDelivery.EventId, recent.EventId };
        var keptEvents = await db.WebhookEvents.Where(e => ids.Contains(e.Id)).Select(e => e.Id).ToListAsync();
        Assert.Equal(new[] { oldStillRetrying.EventId, recent.EventId }.Order(), keptEvents.Order());
    }

    [Fact]
    public async Task The_delivery_log_api_pages_newest_first_with_page_limit_and_has_more()
    {
        var endpoint = await app.Given.WebhookEndpointAsync(Receiver);
        var logged = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            logged.Add((await LogAsync(endpoint.Id, endpoint.Owner.Id, TimeSpan.FromMinutes(10 - i), WebhookDeliveryState.Succeeded)).DeliveryId);
        }

        var newestFirst = Enumerable.Reverse(logged).Select(g => g.ToString()).ToList();
        using var api = await app.SessionApiClientAsync(endpoint.Owner);

        var first = await (await api.GetAsync($"api/v1/webhooks/{endpoint.Id}/deliveries?limit=2")).JsonAsync();
        var second = await (await api.GetAsync($"api/v1/webhooks/{endpoint.Id}/deliveries?limit=2&page=2")).JsonAsync();
        var last = await (await api.GetAsync($"api/v1/webhooks/{endpoint.Id}/deliveries?limit=2&page=3")).JsonAsync();
        var beyond = await (await api.GetAsync($"api/v1/webhooks/{endpoint.Id}/deliveries?limit=2&page=4")).JsonAsync();

        static List<string> Ids(System.Text.Json.JsonElement page) => [.. page.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("id").GetString()!)];
        Assert.Equal(newestFirst[..2], Ids(first));
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.Equal(1, first.GetProperty("page").GetInt32());
        Assert.Equal(newestFirst[2..4], Ids(second));
        Assert.Equal(newestFirst[4..], Ids(last));
        Assert.False(last.GetProperty("has_more").GetBoolean());
        Assert.Empty(Ids(beyond));
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=two", "page")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=-1", "limit")]
    public async Task Bad_paging_parameters_are_validation_errors(string query, string field)
    {
        var endpoint = await app.Given.WebhookEndpointAsync(Receiver);
        using var api = await app.SessionApiClientAsync(endpoint.Owner);

        var response = await api.GetAsync($"api/v1/webhooks/{endpoint.Id}/deliveries?{query}");

        var error = await response.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(field, error.GetProperty("fields")[0].GetProperty("field").GetString());
    }
}
