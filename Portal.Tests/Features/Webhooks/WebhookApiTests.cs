using System.Net;
using System.Net.Http.Json;
using PlatformCalls = Notarial.Portal.Tests.Features.Platform.PlatformTestExtensions;

namespace Notarial.Portal.Tests.Features.Webhooks;

[Collection(WebhookCollection.Name)]
public sealed class WebhookApiTests(WebhookApp app) : IAsyncLifetime
{
    private readonly HttpClient _client = app.NewClient();
    private WebhookReceiver _receiver = default!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _receiver.DisposeAsync();
    }

    private Task<TestApiKey> ManagerAsync(TestUser? owner = null, string environment = "live") =>
        app.Given.ApiKeyAsync(owner, "webhooks:manage orders:write", type: "partner", environment: environment, name: "Webhook manager");

    [Fact]
    public async Task A_key_with_webhooks_manage_registers_an_endpoint_tests_it_reads_the_log_and_resends()
    {
        var manager = await ManagerAsync();

        var created = await _client.SendWithKeyAsync(HttpMethod.Post, "api/v1/webhooks", manager.Secret, new
        {
            url = _receiver.Url.ToString(),
            description = "Orders to the ERP",
            events = new[] { "order.created", "api_key.revoked" },
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        var secret = body.GetProperty("secret").GetString()!;
        var endpoint = body.GetProperty("endpoint");
        var id = endpoint.GetProperty("id").GetString()!;
        Assert.StartsWith("whsec_", secret);
        Assert.Equal($"/api/v1/webhooks/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("live", endpoint.GetProperty("environment").GetString());
        Assert.Equal(["api_key.revoked", "order.created"], endpoint.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("enabled", endpoint.GetProperty("state").GetString());
        Assert.Equal(secret[..10] + "…", endpoint.GetProperty("secret_hint").GetString());
        Assert.DoesNotContain(secret, await (await _client.GetWithKeyAsync($"api/v1/webhooks/{id}", manager.Secret)).Content.ReadAsStringAsync());
        Assert.DoesNotContain(secret, await (await _client.GetWithKeyAsync("api/v1/webhooks", manager.Secret)).Content.ReadAsStringAsync());

        var test = await _client.SendWithKeyAsync(HttpMethod.Post, $"api/v1/webhooks/{id}/test", manager.Secret);
        Assert.Equal(HttpStatusCode.OK, test.StatusCode);
        var delivery = await test.JsonAsync();
        Assert.Equal("webhook.test", delivery.GetProperty("event_type").GetString());
        Assert.Equal("succeeded", delivery.GetProperty("state").GetString());
        Assert.Equal(200, delivery.GetProperty("attempts")[0].GetProperty("status_code").GetInt32());
        var received = Assert.Single(_receiver.Received);
        WebhookSignatures.AssertSignedWith(received, secret);

        var resend = await _client.SendWithKeyAsync(HttpMethod.Post, $"api/v1/webhooks/{id}/deliveries/{delivery.GetProperty("id").GetString()}/resend", manager.Secret);
        Assert.Equal(HttpStatusCode.OK, resend.StatusCode);
        var resent = await resend.JsonAsync();
        Assert.Equal(delivery.GetProperty("event_id").GetString(), resent.GetProperty("event_id").GetString());
        Assert.NotEqual(delivery.GetProperty("id").GetString(), resent.GetProperty("id").GetString());
        Assert.Equal(2, _receiver.Received.Count);
        Assert.Equal(received.Header("X-Webhook-Id"), _receiver.Received[1].Header("X-Webhook-Id"));

        var log = await (await _client.GetWithKeyAsync($"api/v1/webhooks/{id}/deliveries", manager.Secret)).JsonAsync();
        Assert.Equal(2, log.GetProperty("data").GetArrayLength());

        var rotated = await _client.SendWithKeyAsync(HttpMethod.Post, $"api/v1/webhooks/{id}/rotate-secret", manager.Secret, new { grace = "1h" });
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var newSecret = (await rotated.JsonAsync()).GetProperty("secret").GetString()!;
        Assert.NotEqual(secret, newSecret);

        var patched = await _client.SendWithKeyAsync(HttpMethod.Patch, $"api/v1/webhooks/{id}", manager.Secret, new { enabled = false, description = "" });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var patchedBody = await patched.JsonAsync();
        Assert.Equal("disabled", patchedBody.GetProperty("state").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, patchedBody.GetProperty("description").ValueKind);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendWithKeyAsync(HttpMethod.Delete, $"api/v1/webhooks/{id}", manager.Secret)).StatusCode);
        await (await _client.GetWithKeyAsync($"api/v1/webhooks/{id}", manager.Secret)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
    }

    public static TheoryData<object, string> BadEndpoints => new()
    {
        { new { url = "ftp://example.com/hook", events = new[] { "order.created" } }, "url" },
        { new { url = "not a url", events = new[] { "order.created" } }, "url" },
        { new { url = "http://example.com/hook", events = new[] { "order.created" } }, "url" },
        { new { url = "https://user:pass@example.com/hook", events = new[] { "order.created" } }, "url" },
        { new { url = "https://10.0.0.5/hook", events = new[] { "order.created" } }, "url" },
        { new { url = "https://169.254.169.254/latest/meta-data", events = new[] { "order.created" } }, "url" },
        { new { url = "https://[fd00:ec2::254]/", events = new[] { "order.created" } }, "url" },
        { new { url = "https://example.com/hook", events = new[] { "order.shipped" } }, "events" },
        { new { url = "https://example.com/hook", events = Array.Empty<string>() }, "events" },
        { new { url = "https://example.com/hook", events = new[] { "order.created" }, environment = "staging" }, "environment" },
    };

    [Theory]
    [MemberData(nameof(BadEndpoints))]
    public async Task Invalid_urls_unknown_events_and_bad_environments_are_validation_failed(object request, string field)
    {
        var manager = await ManagerAsync();

        var response = await _client.SendWithKeyAsync(HttpMethod.Post, "api/v1/webhooks", manager.Secret, request);

        var error = await response.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(field, Assert.Single(error.GetProperty("fields").EnumerateArray()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_duplicate_endpoint_is_refused_and_another_accounts_endpoint_is_not_found()
    {
        var manager = await ManagerAsync();
        var request = new { url = _receiver.Url.ToString(), events = new[] { "order.created" } };
        var first = await _client.SendWithKeyAsync(HttpMethod.Post, "api/v1/webhooks", manager.Secret, request);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var id = (await first.JsonAsync()).GetProperty("endpoint").GetProperty("id").GetString();

        var again = await _client.SendWithKeyAsync(HttpMethod.Post, "api/v1/webhooks", manager.Secret, request);
        var error = await again.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Contains("already have an endpoint", error.GetProperty("fields")[0].GetProperty("message").GetString());

        var stranger = await ManagerAsync();
        await (await _client.GetWithKeyAsync($"api/v1/webhooks/{id}", stranger.Secret)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _client.SendWithKeyAsync(HttpMethod.Post, $"api/v1/webhooks/{id}/test", stranger.Secret)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(0, (await (await _client.GetWithKeyAsync("api/v1/webhooks", stranger.Secret)).JsonAsync()).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task A_test_key_manages_test_endpoints_only_and_receives_test_events_only()
    {
        var owner = await app.Given.DeveloperAsync();
        var live = await app.Given.WebhookEndpointAsync(_receiver.Url, owner, events: "order.created", environment: "live");
        var manager = await ManagerAsync(owner, environment: "test");

        Assert.Equal(0, (await (await _client.GetWithKeyAsync("api/v1/webhooks", manager.Secret)).JsonAsync()).GetProperty("data").GetArrayLength());
        await (await _client.GetWithKeyAsync($"api/v1/webhooks/{live.Id}", manager.Secret)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        var refused = await _client.SendWithKeyAsync(HttpMethod.Post, "api/v1/webhooks", manager.Secret, new { url = "https://example.com/a", events = new[] { "order.created" }, environment = "live" });
        await refused.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        // A test order reaches no live endpoint.
        var order = await _client.SendWithKeyAsync(HttpMethod.Post, "api/v1/orders", manager.Secret, new { customer_name = "T", service = "S", amount = 1 });
        Assert.Equal(HttpStatusCode.Created, order.StatusCode);
        await app.Given.DeliverDueWebhooksAsync();
        Assert.Empty(_receiver.Received);
    }

    [Fact]
    public async Task Scopes_are_enforced_and_the_portal_session_needs_the_antiforgery_token()
    {
        var owner = await app.Given.DeveloperAsync();
        var reader = await app.Given.ApiKeyAsync(owner, "orders:read");
        await (await _client.GetWithKeyAsync("api/v1/webhooks", reader.Secret)).AssertErrorAsync(HttpStatusCode.Forbidden, "insufficient_scope");

        var browser = app.NewClient();
        await browser.SignInAsync(owner);
        var request = new { url = _receiver.Url.ToString(), events = new[] { "order.created" }, environment = "test" };
        Assert.True((await browser.PostAsJsonAsync("api/v1/webhooks", request)).IsError());

        using var withToken = new HttpRequestMessage(HttpMethod.Post, "api/v1/webhooks") { Content = JsonContent.Create(request) };
        withToken.Headers.Add("RequestVerificationToken", await browser.AntiforgeryTokenAsync());
        Assert.Equal(HttpStatusCode.Created, (await browser.SendAsync(withToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("api/v1/webhooks/events")).StatusCode);
    }

    [Fact]
    public async Task The_event_catalog_documents_every_event_with_a_sample()
    {
        var manager = await ManagerAsync();

        var catalog = await (await _client.GetWithKeyAsync("api/v1/webhooks/events", manager.Secret)).JsonAsync();

        var names = catalog.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();
        Assert.Equal(["api_key.created", "api_key.rotated", "api_key.revoked", "api_key.expiring", "api_key.expired", "application.secret_rotated",
            "application.secret_expiring", "consent.granted", "consent.revoked", "order.created", "order.updated", "order.deleted", "import.completed", "webhook.test"], names);
        foreach (var e in catalog.GetProperty("data").EnumerateArray())
        {
            Assert.Equal(e.GetProperty("name").GetString(), e.GetProperty("sample").GetProperty("type").GetString());
            Assert.Equal(System.Text.Json.JsonValueKind.Object, e.GetProperty("sample").GetProperty("data").ValueKind);
        }
    }

    [Fact]
    public async Task Key_and_order_changes_and_imports_publish_their_events()
    {
        var owner = await app.Given.DeveloperAsync();
        var endpoint = await app.Given.WebhookEndpointAsync(_receiver.Url, owner,
            events: "api_key.created api_key.rotated api_key.revoked order.created order.updated order.deleted import.completed");
        var key = await app.Given.ApiKeyAsync(owner, "orders:write delete bulk:write", type: "partner");
        var rotated = await app.Given.RotateAsync(key, "1h");
        using var api = await PlatformCalls.ApiClientAsync(app, owner, "orders:write", "delete", "bulk:write");
        var order = await PlatformCalls.CreateOrderAsync(api);
        var id = order.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await api.PatchAsJsonAsync($"api/v1/orders/{id}", new { status = "confirmed" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"api/v1/orders/{id}")).StatusCode);
        using var form = new MultipartFormDataContent { { new StringContent("customer_name,service,amount\nAda,Apostille,10\nBob,Apostille,20\n"), "file", "orders.csv" } };
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("api/v1/import", form)).StatusCode);
        await app.Given.RevokeAsync(rotated);

        await app.Given.DeliverDueWebhooksAsync();

        var received = await _receiver.WaitForAsync(7);
        var types = received.Select(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()).Order().ToList();
        Assert.Equal(["api_key.created", "api_key.revoked", "api_key.rotated", "import.completed", "order.created", "order.deleted", "order.updated"], types);
        Assert.All(received, r => WebhookSignatures.AssertSignedWith(r, endpoint.Secret));
        var import = received.Single(r => r.Body.Contains("import.completed"));
        Assert.Contains("\"data\":{\"entity\":\"orders\",\"imported\":2}", import.Body);
        Assert.All(received, r => Assert.DoesNotContain(rotated.Secret, r.Body));
    }
}
