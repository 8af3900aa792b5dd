using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Features.Webhooks;
using Notarial.Portal.Tests.Features.Platform;

namespace Notarial.Portal.Tests.Features.Webhooks;

[Collection(WebhookCollection.Name)]
public class WebhookDeliveryTests(WebhookApp app) : IAsyncLifetime
{
    private WebhookReceiver _receiver = default!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task A_delivery_carries_both_signatures_which_a_receiver_verifies()
    {
        var endpoint = await app.Given.WebhookEndpointAsync(_receiver.Url);
        var key = await app.Given.ApiKeyAsync(endpoint.Owner, name: "Signed key");

        await app.Given.DeliverDueWebhooksAsync();

        var delivery = Assert.Single(await _receiver.WaitForAsync(1));
        WebhookSignatures.AssertSignedWith(delivery, endpoint.Secret);
        using var body = JsonDocument.Parse(delivery.Body);
        var root = body.RootElement;
        Assert.Equal(["id", "type", "created", "environment", "data"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("api_key.created", root.GetProperty("type").GetString());
        Assert.Equal(delivery.Header("X-Webhook-Id"), root.GetProperty("id").GetString());
        Assert.StartsWith("evt_", root.GetProperty("id").GetString());
        Assert.Equal("live", root.GetProperty("environment").GetString());
        Assert.Equal(key.Id.ToString(), root.GetProperty("data").GetProperty("id").GetString());
        Assert.Equal("Signed key", root.GetProperty("data").GetProperty("name").GetString());
        Assert.Equal("application/json", delivery.Header("Content-Type"));
        Assert.InRange(long.Parse(delivery.Header("X-Webhook-Timestamp")), app.Clock.GetUtcNow().ToUnixTimeSeconds() - 5, app.Clock.GetUtcNow().ToUnixTimeSeconds() + 1);

        // Never the key itself, nor the endpoint's secret.
        Assert.DoesNotContain(key.Secret, delivery.Body);
        Assert.DoesNotContain(key.Secret[..20], delivery.Body);
        Assert.DoesNotContain(endpoint.Secret, delivery.Body);
    }

    [Fact]
    public async Task Rotating_an_applications_secret_is_announced_without_the_secret()
    {
        var owner = await app.Given.DeveloperAsync();
        var endpoint = await app.Given.WebhookEndpointAsync(_receiver.Url, owner, events: "application.secret_rotated");
        using var api = await app.ApiClientAsync(owner, "apps:manage", "orders:read");
        var machine = await Notarial.Portal.Tests.Features.Applications.ApplicationsApiTestExtensions.CreateAppAsync(api);
        var rotated = await api.PostAsync($"api/v1/apps/{machine.Id}/secret:rotate", System.Net.Http.Json.JsonContent.Create(new { grace = "1h" }));
        Assert.Equal(System.Net.HttpStatusCode.OK, rotated.StatusCode);
        var secret = (await rotated.JsonAsync()).GetProperty("client_secret").GetString()!;

        await app.Given.DeliverDueWebhooksAsync();

        var delivery = Assert.Single(await _receiver.WaitForAsync(1));
        WebhookSignatures.AssertSignedWith(delivery, endpoint.Secret);
        using var body = JsonDocument.Parse(delivery.Body);
        Assert.Equal("application.secret_rotated", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(machine.ClientId, body.RootElement.GetProperty("data").GetProperty("application").GetProperty("client_id").GetString());
        Assert.True(body.RootElement.GetProperty("data").GetProperty("previous_secret_works_until").GetDateTimeOffset() > app.Clock.GetUtcNow());
        Assert.DoesNotContain(secret, delivery.Body);
        Assert.DoesNotContain(machine.ClientSecret!, delivery.Body);
    }

    [Fact]
    public async Task Seed_003s_verification_function_accepts_a_captured_delivery_in_node()
    {
        var owner = await app.Given.DeveloperAsync();
        var endpoint = await app.Given.WebhookEndpointAsync(_receiver.Url, owner, events: "order.created");
        using var api = await app.ApiClientAsync(owner, "orders:write");
        var response = await api.PostAsync("api/v1/orders", new StringContent(
            """{"customer_name":"Zoë \"Q\" <ü> & 😀 \u2028 \\ é","service":"Apostille / fast","amount":"120.50","currency":"EUR","notes":"line one\nline two </script> 'x'"}""",
            System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());

        await app.Given.DeliverDueWebhooksAsync();

        var delivery = Assert.Single(await _receiver.WaitForAsync(1));
        Assert.Contains("\"amount\":120.5,", delivery.Body);
        Assert.Contains("Zoë \\\"Q\\\" <ü> & 😀", delivery.Body);
        var (exitCode, output) = await Node.RunSeedVerificationAsync(delivery.RawBody, delivery.Header("X-Webhook-Signature"), endpoint.Secret);
        Assert.True(exitCode == 0, output);
        Assert.Contains("valid", output);

        // And the same function refuses a wrong secret (so the check above is not vacuous).
        var (wrongExit, _) = await Node.RunSeedVerificationAsync(delivery.RawBody, delivery.Header("X-Webhook-Signature"), "whsec_not-the-secret");
        Assert.NotEqual(0, wrongExit);
    }

    [Fact]
    public async Task A_receiver_answering_500_is_retried_with_backoff_under_the_same_event_id_until_it_succeeds()
    {
        _receiver.Answer(new ReceiverAnswer(500, "boom"), new ReceiverAnswer(503, "still down"));
        var endpoint = await app.Given.WebhookEndpointAsync(_receiver.Url);
        await app.Given.ApiKeyAsync(endpoint.Owner);

        await app.Given.DeliverDueWebhooksAsync();
        var delivery = await SingleDeliveryAsync(endpoint);
        Assert.Equal("pending", delivery.State);
        var first = Assert.Single(delivery.Attempts);
        Assert.Equal(500, first.StatusCode);
        Assert.Equal("boom", first.ResponseExcerpt);
        Assert.InRange(first.NextRetryAt!.Value - first.At, TimeSpan.FromSeconds(54), TimeSpan.FromSeconds(66));

        // Not due yet: nothing is sent.
        await app.Given.DeliverDueWebhooksAsync();
        Assert.Single(_receiver.Received);

        app.Clock.Advance(TimeSpan.FromMinutes(1.2));
        await app.Given.DeliverDueWebhooksAsync();
        delivery = await SingleDeliveryAsync(endpoint);
        Assert.Equal(2, delivery.Attempts.Count);
        Assert.InRange(delivery.Attempts[0].NextRetryAt!.Value - delivery.Attempts[0].At, TimeSpan.FromMinutes(4.4), TimeSpan.FromMinutes(5.6));

        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await app.Given.DeliverDueWebhooksAsync();
        delivery = await SingleDeliveryAsync(endpoint);
        Assert.Equal("succeeded", delivery.State);
        Assert.Equal(3, delivery.AttemptCount);
        Assert.Null(delivery.NextAttemptAt);
        Assert.Null(delivery.Attempts[0].NextRetryAt);

        var received = _receiver.Received;
        Assert.Equal(3, received.Count);
        Assert.Single(received.Select(r => r.Header("X-Webhook-Id")).Distinct());
        Assert.Single(received.Select(r => r.Body).Distinct());
        Assert.Equal(3, received.Select(r => r.Header("X-Webhook-Timestamp")).Distinct().Count());
        foreach (var attempt in received)
        {
            WebhookSignatures.AssertSignedWith(attempt, endpoint.Secret);
        }
    }

    [Fact]
    public async Task A_429_is_retried_no_sooner_than_its_Retry_After()
    {
        _receiver.Answer(new ReceiverAnswer(429, "slow down", Headers: new Dictionary<string, string> { ["Retry-After"] = "600" }));
        var endpoint = await app.Given.WebhookEndpointAsync(_receiver.Url);
        await app.Given.ApiKeyAsync(endpoint.Owner);

        await app.Given.DeliverDueWebhooksAsync();

        var attempt = Assert.Single((await SingleDeliveryAsync(endpoint)).Attempts);
        Assert.Equal(429, attempt.StatusCode);
        Assert.InRange(attempt.NextRetryAt!.Value - attempt.At, TimeSpan.FromSeconds(599), TimeSpan.FromSeconds(601));
    }

    [Theory]
    [InlineData(302)]
    [InlineData(404)]
    [InlineData(410)]
    public async Task Redirects_and_other_client_errors_are_final(int status)
    {
        _receiver.Answer(new ReceiverAnswer(status, "", Headers: status == 302 ? new Dictionary<string, string> { ["Location"] = "http://169.254.169.254/" } : null));
        var endpoint = await app.Given.WebhookEndpointAsync(_receiver.Url);
        await app.Given.ApiKeyAsync(endpoint.Owner);

        await app.Given.DeliverDueWebhooksAsync();

        var delivery = await SingleDeliveryAsync(endpoint);
        Assert.Equal("failed", delivery.State);
        Assert.Equal(status, Assert.Single(delivery.Attempts).StatusCode);
        Assert.Null(delivery.NextAttemptAt);
        Assert.Single(_receiver.Received);
    }

    [Fact]
    public async Task A_hanging_receiver_costs_one_attempt_bounded_by_the_timeout_and_is_retried()
    {
        _receiver.Answer(new ReceiverAnswer(200, Delay: TimeSpan.FromSeconds(30)));
        var endpoint = await app.Given.WebhookEndpointAsync(_receiver.Url);
        await app.Given.ApiKeyAsync(endpoint.Owner);

        var started = DateTime.UtcNow;
        await app.Given.DeliverDueWebhooksAsync();

        Assert.InRange(DateTime.UtcNow - started, TimeSpan.Zero, TimeSpan.FromSeconds(8));
        var delivery = await SingleDeliveryAsync(endpoint);
        var attempt = Assert.Single(delivery.Attempts);
        Assert.Null(attempt.StatusCode);
        Assert.Contains("No answer within 2 s", attempt.Error);
        Assert.Equal("pending", delivery.State);
        Assert.NotNull(attempt.NextRetryAt);
    }

    [Fact]
    public async Task A_10_MB_answer_is_read_no_further_than_64_kB_and_logged_as_its_first_kilobyte()
    {
        _receiver.Answer(new ReceiverAnswer(200, RepeatBodyBytes: 10 * 1024 * 1024));
        var endpoint = await app.Given.WebhookEndpointAsync(_receiver.Url);
        await app.Given.ApiKeyAsync(endpoint.Owner);

        var started = DateTime.UtcNow;
        await app.Given.DeliverDueWebhooksAsync();

        Assert.InRange(DateTime.UtcNow - started, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        var delivery = await SingleDeliveryAsync(endpoint);
        Assert.Equal("succeeded", delivery.State);
        Assert.Equal(1024, Assert.Single(delivery.Attempts).ResponseExcerpt!.Length);
    }

    [Fact]
    public async Task A_destination_that_turns_private_after_registration_is_refused_at_send_time_without_connecting()
    {
        var endpoint = await app.Given.WebhookEndpointAsync(_receiver.Url);

        // As if its DNS name now resolved to an internal address: the check runs on every attempt, not only at registration.
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            await db.WebhookEndpoints.Where(e => e.Id == endpoint.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Url, "http://10.255.255.1:9/hook"));
        }

        await app.Given.ApiKeyAsync(endpoint.Owner);
        await app.Given.DeliverDueWebhooksAsync();

        var delivery = await SingleDeliveryAsync(endpoint);
        Assert.Equal("failed", delivery.State);
        var attempt = Assert.Single(delivery.Attempts);
        Assert.Null(attempt.StatusCode);
        Assert.Contains("private address", attempt.Error);
    }

    [Fact]
    public async Task During_a_secret_rotations_grace_both_secrets_sign_and_afterwards_only_the_new_one()
    {
        var endpoint = await app.Given.WebhookEndpointAsync(_receiver.Url);
        var webhooks = app.Services.GetRequiredService<WebhookService>();
        var actor = WebhookActor.Session(endpoint.Owner.Id, RequestOrigin.Unknown);
        var rotated = Assert.IsType<Notarial.Portal.Features.Platform.PlatformResult<CreatedWebhookEndpoint>.Ok>(
            await webhooks.RotateSecretAsync(actor, endpoint.Id, "24h")).Value;
        Assert.NotEqual(endpoint.Secret, rotated.Secret);
        Assert.StartsWith("whsec_", rotated.Secret);

        await app.Given.ApiKeyAsync(endpoint.Owner);
        await app.Given.DeliverDueWebhooksAsync();
        WebhookSignatures.AssertSignedWith(Assert.Single(await _receiver.WaitForAsync(1)), rotated.Secret, endpoint.Secret);

        app.Clock.Advance(TimeSpan.FromHours(25));
        await app.Given.ApiKeyAsync(endpoint.Owner);
        await app.Given.DeliverDueWebhooksAsync();
        WebhookSignatures.AssertSignedWith((await _receiver.WaitForAsync(2))[1], rotated.Secret);

        // The secret is stored encrypted, never as it is.
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var stored = await db.WebhookEndpoints.AsNoTracking().SingleAsync(e => e.Id == endpoint.Id);
        Assert.DoesNotContain(rotated.Secret[6..], stored.ProtectedSecret);
        Assert.DoesNotContain(endpoint.Secret[6..], stored.PreviousProtectedSecret ?? "");
    }

    [Fact]
    public async Task An_endpoint_that_fails_for_three_days_is_disabled_its_owner_emailed_and_it_can_be_enabled_again()
    {
        _receiver.Default = new ReceiverAnswer(500, "down");
        var endpoint = await app.Given.WebhookEndpointAsync(_receiver.Url);
        await app.Given.ApiKeyAsync(endpoint.Owner);

        for (var day = 0; day < 4; day++)
        {
            for (var step = 0; step < 8; step++)
            {
                await app.Given.DeliverDueWebhooksAsync();
                app.Clock.Advance(TimeSpan.FromHours(3.5));
            }
        }

        var webhooks = app.Services.GetRequiredService<WebhookService>();
        var actor = WebhookActor.Session(endpoint.Owner.Id, RequestOrigin.Unknown);
        var view = Assert.IsType<Notarial.Portal.Features.Platform.PlatformResult<WebhookEndpointView>.Ok>(await webhooks.GetAsync(actor, endpoint.Id)).Value;
        Assert.Equal("disabled", view.State);
        Assert.Contains("failed for 3 days", view.DisabledReason);
        var mail = app.SingleMail(endpoint.Owner.Email, "disabled");
        Assert.Contains(endpoint.Url, mail.TextBody);

        // Nothing more is sent to it while disabled.
        var sent = _receiver.Received.Count;
        await app.Given.ApiKeyAsync(endpoint.Owner);
        app.Clock.Advance(TimeSpan.FromDays(1));
        await app.Given.DeliverDueWebhooksAsync();
        Assert.Equal(sent, _receiver.Received.Count);

        _receiver.Default = new ReceiverAnswer();
        var enabled = Assert.IsType<Notarial.Portal.Features.Platform.PlatformResult<WebhookEndpointView>.Ok>(
            await webhooks.UpdateAsync(actor, endpoint.Id, new WebhookChanges(Enabled: true))).Value;
        Assert.Equal("enabled", enabled.State);
        await app.Given.ApiKeyAsync(endpoint.Owner);
        await app.Given.DeliverDueWebhooksAsync();
        Assert.Equal(sent + 1, _receiver.Received.Count);
    }

    [Fact]
    public async Task Two_senders_sharing_the_database_never_send_the_same_delivery_twice()
    {
        var endpoint = await app.Given.WebhookEndpointAsync(_receiver.Url, events: "order.created");
        using var api = await app.ApiClientAsync(endpoint.Owner, "orders:write");
        for (var i = 0; i < 60; i++)
        {
            await api.CreateOrderAsync(customer: $"Customer {i}");
        }

        var first = app.Services.GetRequiredService<WebhookSender>();
        using var second = ActivatorUtilities.CreateInstance<WebhookSender>(app.Services);
        await Task.WhenAll(first.DeliverDueAsync(), second.DeliverDueAsync(), first.DeliverDueAsync());

        var ids = (await _receiver.WaitForAsync(60)).Select(r => r.Header("X-Webhook-Id")).ToList();
        Assert.Equal(60, ids.Count);
        Assert.Equal(60, ids.Distinct().Count());
    }

    private async Task<WebhookDeliveryView> SingleDeliveryAsync(TestWebhookEndpoint endpoint)
    {
        var webhooks = app.Services.GetRequiredService<WebhookService>();
        var result = await webhooks.ListDeliveriesAsync(WebhookActor.Session(endpoint.Owner.Id, RequestOrigin.Unknown), endpoint.Id);
        return Assert.Single(Assert.IsType<Notarial.Portal.Features.Platform.PlatformResult<WebhookDeliveryPage>.Ok>(result).Value.Data);
    }
}
