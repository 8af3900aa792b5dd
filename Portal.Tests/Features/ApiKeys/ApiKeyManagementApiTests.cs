using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Data;
using Notarial.Portal.Features.ApiKeys;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Tests.Features.ApiKeys;

[Collection(PortalCollection.Name)]
public class ApiKeyManagementApiTests(PortalApp app)
{
    private readonly HttpClient _client = app.NewClient();

    private Task<TestApiKey> ManagerAsync(TestUser? owner = null, string scopes = "keys:manage orders:read", string environment = "live", string? allowedIps = null) =>
        app.Given.ApiKeyAsync(owner, scopes, type: "partner", environment: environment, allowedIps: allowedIps, name: "Key manager");

    [Fact]
    public async Task A_key_with_keys_manage_creates_a_key_whose_secret_is_shown_once_and_works()
    {
        var manager = await ManagerAsync();

        var response = await _client.SendWithKeyAsync(HttpMethod.Post, "api/v1/keys", manager.Secret, new
        {
            name = "Billing sync",
            type = "client",
            environment = "live",
            scopes = new[] { "orders:read" },
            expires = "30d",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        var secret = body.GetProperty("secret").GetString()!;
        var key = body.GetProperty("api_key");
        Assert.True(ApiKeyFormat.IsValid(secret));
        Assert.Equal($"/api/v1/keys/{key.GetProperty("id").GetString()}", response.Headers.Location!.OriginalString);
        Assert.Equal("Billing sync", key.GetProperty("name").GetString());
        Assert.Equal("client", key.GetProperty("type").GetString());
        Assert.Equal("active", key.GetProperty("state").GetString());
        Assert.Equal(ApiKeyFormat.Hint(secret), key.GetProperty("hint").GetString());
        Assert.Equal(10_000, key.GetProperty("rate_limit").GetProperty("requests_per_hour").GetInt32());
        Assert.Equal(100, key.GetProperty("rate_limit").GetProperty("burst_per_second").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await _client.GetWithKeyAsync("api/auth/test", secret)).StatusCode);

        // Reading it back never shows the secret again.
        var read = await _client.GetWithKeyAsync($"api/v1/keys/{key.GetProperty("id").GetString()}", manager.Secret);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.DoesNotContain(secret, await read.Content.ReadAsStringAsync());
        Assert.DoesNotContain(secret, await (await _client.GetWithKeyAsync("api/v1/keys", manager.Secret)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Invalid_fields_are_validation_failed_with_a_message_for_each()
    {
        var manager = await ManagerAsync();

        var response = await _client.SendWithKeyAsync(HttpMethod.Post, "api/v1/keys", manager.Secret, new
        {
            name = "",
            type = "superuser",
            environment = "staging",
            scopes = new[] { "orders:read" },
            expires = "next tuesday",
            allowed_ips = new[] { "10.0.0.1/8", "not-an-ip" },
        });

        var error = await response.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var fields = error.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("field").GetString()!, f => f.GetProperty("message").GetString()!);
        Assert.Equal(["allowed_ips", "environment", "expires", "name", "type"], fields.Keys.Order());
        Assert.Contains("did you mean 10.0.0.0/8", fields["allowed_ips"]);
        Assert.Contains("not-an-ip", fields["allowed_ips"]);
    }

    [Theory]
    [InlineData("client", "orders:read bulk:write", "scopes")]
    [InlineData("client", "", "scopes")]
    [InlineData("client", "openid", "scopes")]
    [InlineData("partner", "admin", "scopes")]
    [InlineData("internal", "admin", "type")]
    public async Task The_type_limits_the_scopes_and_only_admins_create_internal_keys(string type, string scopes, string field)
    {
        var user = await app.Given.DeveloperAsync();
        var client = app.NewClient();
        await client.SignInAsync(user);

        var response = await PostAsSessionAsync(client, "api/v1/keys", new { name = "k", type, environment = "test", scopes = scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries) });

        var error = await response.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(field, Assert.Single(error.GetProperty("fields").EnumerateArray()).GetProperty("field").GetString());
    }

    [Theory]
    [InlineData(20_000, null, "requests_per_hour")]
    [InlineData(null, 101, "burst_per_second")]
    [InlineData(0, null, "requests_per_hour")]
    [InlineData(50, 60, "burst_per_second")]
    public async Task Rate_limits_stay_within_the_type_maximum(int? perHour, int? burst, string field)
    {
        var manager = await ManagerAsync(scopes: "keys:manage orders:read");

        var response = await _client.SendWithKeyAsync(HttpMethod.Post, "api/v1/keys", manager.Secret, new
        {
            name = "k",
            type = "client",
            environment = "live",
            scopes = new[] { "orders:read" },
            requests_per_hour = perHour,
            burst_per_second = burst,
        });

        var error = await response.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(field, Assert.Single(error.GetProperty("fields").EnumerateArray()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task The_portal_session_manages_keys_with_the_antiforgery_token_and_not_without()
    {
        var user = await app.Given.DeveloperAsync();
        var client = app.NewClient();
        await client.SignInAsync(user);
        var draft = new { name = "From the console", type = "partner", environment = "test", scopes = new[] { "orders:read", "webhooks:manage" }, expires = "never" };

        var withoutToken = await client.PostAsJsonAsync("api/v1/keys", draft);
        Assert.True(withoutToken.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest, $"answered {(int)withoutToken.StatusCode}");

        var created = await PostAsSessionAsync(client, "api/v1/keys", draft);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = (await created.JsonAsync()).GetProperty("api_key");
        Assert.Equal(JsonValueKind.Null, key.GetProperty("expires_at").ValueKind);

        var list = await (await client.GetAsync("api/v1/keys")).JsonAsync();
        Assert.Equal(key.GetProperty("id").GetString(), Assert.Single(list.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task An_admin_session_may_create_an_internal_key_with_admin_scope_and_no_rate_limit()
    {
        var admin = await app.Given.DeveloperAsync(extraRoles: Notarial.Portal.Features.Accounts.PortalRoles.Admin);
        var client = app.NewClient();
        await client.SignInAsync(admin);

        var response = await PostAsSessionAsync(client, "api/v1/keys", new { name = "Ops", type = "internal", environment = "live", scopes = new[] { "admin" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(JsonValueKind.Null, body.GetProperty("api_key").GetProperty("rate_limit").ValueKind);
        var test = await (await _client.GetWithKeyAsync("api/auth/test", body.GetProperty("secret").GetString()!)).JsonAsync();
        Assert.Equal(["admin"], test.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }

    [Theory]
    [InlineData("orders:write", "scopes it does not hold")]
    [InlineData("read", "scopes it does not hold")]
    [InlineData("keys:manage orders:read delete", "scopes it does not hold")]
    public async Task A_managing_key_cannot_create_a_key_with_more_rights_than_itself(string scopes, string message)
    {
        var manager = await ManagerAsync(scopes: "keys:manage orders:read");

        var response = await _client.SendWithKeyAsync(HttpMethod.Post, "api/v1/keys", manager.Secret, new
        {
            name = "escalation",
            type = "partner",
            environment = "live",
            scopes = scopes.Split(' '),
        });

        var error = await response.AssertErrorAsync(HttpStatusCode.Forbidden, "insufficient_scope");
        Assert.Contains(message, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_managing_key_cannot_reach_the_other_environment_nor_widen_its_ip_allowlist_nor_rotate_a_stronger_key()
    {
        var owner = await app.Given.DeveloperAsync();
        var testManager = await ManagerAsync(owner, environment: "test");
        var restricted = await ManagerAsync(owner, allowedIps: "127.0.0.0/8");
        var stronger = await app.Given.ApiKeyAsync(owner, scopes: "orders:read orders:write");
        var liveKey = await app.Given.ApiKeyAsync(owner, scopes: "orders:read");

        var otherEnvironment = await _client.SendWithKeyAsync(HttpMethod.Post, "api/v1/keys", testManager.Secret, new { name = "k", type = "client", environment = "live", scopes = new[] { "orders:read" } });
        await otherEnvironment.AssertErrorAsync(HttpStatusCode.Forbidden, "insufficient_scope");
        await (await _client.GetWithKeyAsync($"api/v1/keys/{liveKey.Id}", testManager.Secret)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");

        var anywhere = await _client.SendWithKeyAsync(HttpMethod.Post, "api/v1/keys", restricted.Secret, new { name = "k", type = "client", environment = "live", scopes = new[] { "orders:read" }, allowed_ips = Array.Empty<string>() });
        await anywhere.AssertErrorAsync(HttpStatusCode.Forbidden, "insufficient_scope");
        var inherited = await _client.SendWithKeyAsync(HttpMethod.Post, "api/v1/keys", restricted.Secret, new { name = "k", type = "client", environment = "live", scopes = new[] { "orders:read" } });
        Assert.Equal(HttpStatusCode.Created, inherited.StatusCode);
        Assert.Equal(["127.0.0.0/8"], (await inherited.JsonAsync()).GetProperty("api_key").GetProperty("allowed_ips").EnumerateArray().Select(s => s.GetString()));

        var rotate = await _client.SendWithKeyAsync(HttpMethod.Post, $"api/v1/keys/{stronger.Id}/rotate", restricted.Secret, new { grace = "now" });
        await rotate.AssertErrorAsync(HttpStatusCode.Forbidden, "insufficient_scope");
        Assert.Equal(HttpStatusCode.OK, (await _client.GetWithKeyAsync("api/auth/test", stronger.Secret)).StatusCode);
    }

    [Fact]
    public async Task Another_accounts_key_is_not_found_for_every_operation()
    {
        var manager = await ManagerAsync();
        var someoneElses = await app.Given.ApiKeyAsync();
        var path = $"api/v1/keys/{someoneElses.Id}";

        await (await _client.GetWithKeyAsync(path, manager.Secret)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _client.SendWithKeyAsync(HttpMethod.Patch, path, manager.Secret, new { name = "mine now" })).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _client.SendWithKeyAsync(HttpMethod.Delete, path, manager.Secret)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _client.SendWithKeyAsync(HttpMethod.Post, path + "/rotate", manager.Secret, new { grace = "now" })).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _client.GetWithKeyAsync($"api/v1/keys/{Guid.NewGuid()}", manager.Secret)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _client.GetWithKeyAsync("api/v1/keys/not-a-guid", manager.Secret)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");

        Assert.Equal(HttpStatusCode.OK, (await _client.GetWithKeyAsync("api/auth/test", someoneElses.Secret)).StatusCode);
        var list = await (await _client.GetWithKeyAsync("api/v1/keys", manager.Secret)).JsonAsync();
        Assert.DoesNotContain(list.GetProperty("data").EnumerateArray(), k => k.GetProperty("id").GetString() == someoneElses.Id.ToString());
    }

    [Fact]
    public async Task A_key_without_keys_manage_cannot_use_the_management_api()
    {
        var key = await app.Given.ApiKeyAsync(scopes: "orders:read orders:write");

        var error = await (await _client.GetWithKeyAsync("api/v1/keys", key.Secret)).AssertErrorAsync(HttpStatusCode.Forbidden, "insufficient_scope");
        Assert.Equal("permission_error", error.GetProperty("type").GetString());
        await (await _client.GetAsync("api/v1/keys")).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_api_key");
    }

    [Fact]
    public async Task Patch_changes_settings_and_the_next_request_sees_them()
    {
        var owner = await app.Given.DeveloperAsync();
        var manager = await ManagerAsync(owner, scopes: "keys:manage orders:read orders:write");
        var key = await app.Given.ApiKeyAsync(owner, scopes: "orders:read");
        Assert.Equal(HttpStatusCode.OK, (await _client.GetWithKeyAsync("api/auth/test", key.Secret)).StatusCode);

        var response = await _client.SendWithKeyAsync(HttpMethod.Patch, $"api/v1/keys/{key.Id}", manager.Secret, new
        {
            name = "Renamed",
            scopes = new[] { "orders:read", "orders:write" },
            allowed_ips = new[] { "10.0.0.0/8" },
            requests_per_hour = 500,
            burst_per_second = 5,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("Renamed", body.GetProperty("name").GetString());
        Assert.Equal(500, body.GetProperty("rate_limit").GetProperty("requests_per_hour").GetInt32());
        await (await _client.GetWithKeyAsync("api/auth/test", key.Secret)).AssertErrorAsync(HttpStatusCode.Forbidden, "ip_not_allowed");

        var reopen = await _client.SendWithKeyAsync(HttpMethod.Patch, $"api/v1/keys/{key.Id}", manager.Secret, new { allowed_ips = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.OK, reopen.StatusCode);
        var test = await (await _client.GetWithKeyAsync("api/auth/test", key.Secret)).JsonAsync();
        Assert.Equal(["orders:read", "orders:write"], test.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));

        var invalid = await _client.SendWithKeyAsync(HttpMethod.Patch, $"api/v1/keys/{key.Id}", manager.Secret, new { name = new string('x', 101) });
        await invalid.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task Delete_revokes_at_once_and_rotate_through_the_api_keeps_the_old_key_for_its_grace()
    {
        var owner = await app.Given.DeveloperAsync();
        var manager = await ManagerAsync(owner);
        var doomed = await app.Given.ApiKeyAsync(owner);
        var rotated = await app.Given.ApiKeyAsync(owner);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetWithKeyAsync("api/auth/test", doomed.Secret)).StatusCode);

        var revoked = await _client.SendWithKeyAsync(HttpMethod.Delete, $"api/v1/keys/{doomed.Id}?reason=no+longer+needed", manager.Secret);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        var revokedBody = await revoked.JsonAsync();
        Assert.Equal("revoked", revokedBody.GetProperty("state").GetString());
        Assert.Equal("no longer needed", revokedBody.GetProperty("revoked_reason").GetString());
        await (await _client.GetWithKeyAsync("api/auth/test", doomed.Secret)).AssertErrorAsync(HttpStatusCode.Unauthorized, "revoked_api_key");
        await (await _client.SendWithKeyAsync(HttpMethod.Post, $"api/v1/keys/{doomed.Id}/rotate", manager.Secret, new { grace = "1h" })).AssertErrorAsync(HttpStatusCode.Conflict, "conflict");

        await (await _client.SendWithKeyAsync(HttpMethod.Post, $"api/v1/keys/{rotated.Id}/rotate", manager.Secret, new { grace = "2 weeks" }))
            .AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var rotation = await _client.SendWithKeyAsync(HttpMethod.Post, $"api/v1/keys/{rotated.Id}/rotate", manager.Secret, new { grace = "24h" });
        Assert.Equal(HttpStatusCode.Created, rotation.StatusCode);
        var replacement = await rotation.JsonAsync();
        Assert.Equal(rotated.Id.ToString(), replacement.GetProperty("api_key").GetProperty("rotated_from").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _client.GetWithKeyAsync("api/auth/test", rotated.Secret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetWithKeyAsync("api/auth/test", replacement.GetProperty("secret").GetString()!)).StatusCode);
        var old = await (await _client.GetWithKeyAsync($"api/v1/keys/{rotated.Id}", manager.Secret)).JsonAsync();
        Assert.Equal("rotating", old.GetProperty("state").GetString());
        await (await _client.SendWithKeyAsync(HttpMethod.Post, $"api/v1/keys/{rotated.Id}/rotate", manager.Secret, new { grace = "1h" })).AssertErrorAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task A_reported_leak_revokes_the_key_records_an_event_and_answers_the_same_for_any_key()
    {
        var key = await app.Given.ApiKeyAsync();
        Assert.Equal(HttpStatusCode.OK, (await _client.GetWithKeyAsync("api/auth/test", key.Secret)).StatusCode);

        var reported = await _client.PostAsJsonAsync("api/v1/keys/report-leak", new { key = key.Secret });
        var unknown = await _client.PostAsJsonAsync("api/v1/keys/report-leak", new { key = ApiKeyFormat.Generate("test") });
        var again = await _client.PostAsJsonAsync("api/v1/keys/report-leak", new { key = key.Secret });

        Assert.Equal(HttpStatusCode.Accepted, reported.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);
        Assert.Equal(await reported.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        Assert.Equal(await reported.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        await (await _client.GetWithKeyAsync("api/auth/test", key.Secret)).AssertErrorAsync(HttpStatusCode.Unauthorized, "revoked_api_key");

        var events = await app.Services.GetRequiredService<SecurityActivity>().RecentForUserAsync(key.Owner.Id);
        Assert.Contains(events, e => e.Type == SecurityEventTypes.ApiKeyLeakReported && e.TargetId == key.Id.ToString() && e.IpAddress == "127.0.0.1");
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(ApiKeyService.LeakReason, (await db.ApiKeys.SingleAsync(k => k.Id == key.Id)).RevokedReason);
    }

    [Theory]
    [InlineData("{\"key\":\"sk_live_1234567890abcdef\"}")]
    [InlineData("{\"key\":\"\"}")]
    [InlineData("{}")]
    public async Task A_leak_report_of_something_that_is_not_a_key_is_validation_failed(string json)
    {
        var response = await _client.PostAsync("api/v1/keys/report-leak", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await response.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task Key_lifecycle_events_are_recorded_with_their_actor()
    {
        var owner = await app.Given.DeveloperAsync();
        var manager = await ManagerAsync(owner);
        var created = await _client.SendWithKeyAsync(HttpMethod.Post, "api/v1/keys", manager.Secret, new { name = "<b>Audit me</b>", type = "client", environment = "live", scopes = new[] { "orders:read" } });
        var id = (await created.JsonAsync()).GetProperty("api_key").GetProperty("id").GetString()!;
        await _client.SendWithKeyAsync(HttpMethod.Post, $"api/v1/keys/{id}/rotate", manager.Secret, new { grace = "1h" });
        await _client.SendWithKeyAsync(HttpMethod.Delete, $"api/v1/keys/{id}", manager.Secret);

        var events = await app.Services.GetRequiredService<SecurityActivity>().RecentForUserAsync(owner.Id);

        var types = events.Where(e => e.TargetId == id).Select(e => e.Type).ToList();
        Assert.Equal([SecurityEventTypes.ApiKeyRevoked, SecurityEventTypes.ApiKeyRotated, SecurityEventTypes.ApiKeyCreated], types);
        Assert.All(events.Where(e => e.TargetId == id), e =>
        {
            Assert.Equal(owner.Id, e.ActorUserId);
            Assert.Equal(owner.Email, e.ActorEmail);
            Assert.Contains($"api_key {manager.Id}", e.Details);
        });
        Assert.Equal("API key rotated", SecurityActivity.Describe(SecurityEventTypes.ApiKeyRotated));
    }

    private static async Task<HttpResponseMessage> PostAsSessionAsync(HttpClient client, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("RequestVerificationToken", await client.AntiforgeryTokenAsync());
        return await client.SendAsync(request);
    }
}
