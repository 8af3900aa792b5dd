using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Data;
using Notarial.Portal.Features.ApiKeys;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Tests.Features.ApiKeys;

[Collection(PortalCollection.Name)]
public class ApiKeyAuthenticationTests(PortalApp app)
{
    private readonly HttpClient _client = app.NewClient();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_key_in_either_header_calls_the_api_as_its_owner_with_its_scopes_and_environment(bool asBearer)
    {
        var key = await app.Given.ApiKeyAsync(scopes: "orders:read invoices:read");

        var response = await _client.GetWithKeyAsync("api/auth/test", key.Secret, asBearer);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.True(body.GetProperty("valid").GetBoolean());
        Assert.Equal(key.Owner.Id, body.GetProperty("account_id").GetString());
        Assert.Equal("api_key", body.GetProperty("credential").GetProperty("kind").GetString());
        Assert.Equal(key.Id.ToString(), body.GetProperty("credential").GetProperty("id").GetString());
        Assert.Equal(["invoices:read", "orders:read"], body.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("live", body.GetProperty("environment").GetString());
    }

    [Fact]
    public async Task A_key_is_limited_by_its_own_rate_limit_not_the_default()
    {
        var key = await app.Given.ApiKeyAsync(requestsPerHour: 3, burstPerSecond: 3);

        for (var remaining = 2; remaining >= 0; remaining--)
        {
            var ok = await _client.GetWithKeyAsync("api/v1/orders", key.Secret);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("3", Assert.Single(ok.Headers.GetValues("X-RateLimit-Limit")));
            Assert.Equal(remaining.ToString(), Assert.Single(ok.Headers.GetValues("X-RateLimit-Remaining")));
        }

        var refused = await _client.GetWithKeyAsync("api/v1/orders", key.Secret);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        await refused.AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate_limit_exceeded");
    }

    [Fact]
    public async Task A_test_key_works_in_the_test_environment_on_the_versioned_path_too()
    {
        var key = await app.Given.ApiKeyAsync(environment: "test", type: "partner", scopes: "read webhooks:manage bulk:write");
        Assert.StartsWith("notary_test_", key.Secret);

        var body = await (await _client.GetWithKeyAsync("api/v1/auth/test", key.Secret)).JsonAsync();

        Assert.Equal("test", body.GetProperty("environment").GetString());
        Assert.Equal(["bulk:write", "read", "webhooks:manage"], body.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).Order());
    }

    public static TheoryData<string> MalformedKeys => new()
    {
        "notary_abc",
        "notary_" + new string('a', 32),
        "notary_xK9mP2vR4nQ8sT6wY1hJ3fD5cZ2h7t4t",
        "notary_test_xK9mP2vR4nQ8sT6wY1hJ3fD5cZ2h7t4s",
        "notary_' OR '1'='1",
        "notary_<script>alert(1)</script>",
    };

    [Theory]
    [MemberData(nameof(MalformedKeys))]
    public async Task A_malformed_key_or_bad_checksum_is_invalid_api_key_with_a_challenge_and_no_echo(string presented)
    {
        var response = await _client.GetWithKeyAsync("api/auth/test", presented);

        var error = await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_api_key");
        Assert.Equal("authentication_error", error.GetProperty("type").GetString());
        Assert.Equal(Assert.Single(response.Headers.GetValues("X-Request-ID")), error.GetProperty("request_id").GetString());
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.DoesNotContain(presented, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_well_formed_key_that_does_not_exist_is_invalid_api_key()
    {
        var response = await _client.GetWithKeyAsync("api/auth/test", ApiKeyFormat.Generate("live"), asBearer: true);

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_api_key");
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Revoked_key_is_rejected_on_the_next_request()
    {
        var key = await app.Given.ApiKeyAsync();
        Assert.Equal(HttpStatusCode.OK, (await _client.GetWithKeyAsync("api/auth/test", key.Secret)).StatusCode);

        await app.Given.RevokeAsync(key);

        var error = await (await _client.GetWithKeyAsync("api/auth/test", key.Secret)).AssertErrorAsync(HttpStatusCode.Unauthorized, "revoked_api_key");
        Assert.Contains("revoked", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_key_stops_at_its_expiry_even_while_it_is_cached()
    {
        var key = await app.Given.ApiKeyAsync(expires: "30d");
        Assert.Equal(HttpStatusCode.OK, (await _client.GetWithKeyAsync("api/auth/test", key.Secret)).StatusCode);

        app.Clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));

        await (await _client.GetWithKeyAsync("api/auth/test", key.Secret)).AssertErrorAsync(HttpStatusCode.Unauthorized, "expired_api_key");
    }

    [Fact]
    public async Task After_rotation_the_old_key_works_until_the_grace_period_ends_and_the_new_one_works_at_once()
    {
        var old = await app.Given.ApiKeyAsync(scopes: "orders:read orders:write");
        Assert.Equal(HttpStatusCode.OK, (await _client.GetWithKeyAsync("api/auth/test", old.Secret)).StatusCode);

        var replacement = await app.Given.RotateAsync(old, "1h");

        Assert.Equal(HttpStatusCode.OK, (await _client.GetWithKeyAsync("api/auth/test", old.Secret)).StatusCode);
        var body = await (await _client.GetWithKeyAsync("api/auth/test", replacement.Secret)).JsonAsync();
        Assert.Equal(["orders:read", "orders:write"], body.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));

        app.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetWithKeyAsync("api/auth/test", old.Secret)).StatusCode);

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await (await _client.GetWithKeyAsync("api/auth/test", old.Secret)).AssertErrorAsync(HttpStatusCode.Unauthorized, "expired_api_key");
        Assert.Equal(HttpStatusCode.OK, (await _client.GetWithKeyAsync("api/auth/test", replacement.Secret)).StatusCode);
    }

    [Fact]
    public async Task Rotation_with_no_grace_stops_the_old_key_at_once()
    {
        var old = await app.Given.ApiKeyAsync();
        Assert.Equal(HttpStatusCode.OK, (await _client.GetWithKeyAsync("api/auth/test", old.Secret)).StatusCode);

        var replacement = await app.Given.RotateAsync(old, "now");

        await (await _client.GetWithKeyAsync("api/auth/test", old.Secret)).AssertErrorAsync(HttpStatusCode.Unauthorized, "expired_api_key");
        Assert.Equal(HttpStatusCode.OK, (await _client.GetWithKeyAsync("api/auth/test", replacement.Secret)).StatusCode);
    }

    [Fact]
    public async Task Rotating_again_during_a_grace_period_keeps_only_the_last_two_keys_working()
    {
        var first = await app.Given.ApiKeyAsync();
        var second = await app.Given.RotateAsync(first, "7d");
        Assert.Equal(HttpStatusCode.OK, (await _client.GetWithKeyAsync("api/auth/test", first.Secret)).StatusCode);

        var third = await app.Given.RotateAsync(second, "7d");

        await (await _client.GetWithKeyAsync("api/auth/test", first.Secret)).AssertErrorAsync(HttpStatusCode.Unauthorized, "expired_api_key");
        Assert.Equal(HttpStatusCode.OK, (await _client.GetWithKeyAsync("api/auth/test", second.Secret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetWithKeyAsync("api/auth/test", third.Secret)).StatusCode);
    }

    [Fact]
    public async Task A_key_used_from_an_address_outside_its_allowlist_is_ip_not_allowed()
    {
        var elsewhere = await app.Given.ApiKeyAsync(allowedIps: "10.0.0.0/8, 2001:db8::/32");
        var here = await app.Given.ApiKeyAsync(allowedIps: "127.0.0.1");

        var error = await (await _client.GetWithKeyAsync("api/auth/test", elsewhere.Secret)).AssertErrorAsync(HttpStatusCode.Forbidden, "ip_not_allowed");
        Assert.Equal("permission_error", error.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _client.GetWithKeyAsync("api/auth/test", here.Secret)).StatusCode);
    }

    [Theory]
    [InlineData("api/auth/test?api_key={0}", false)]
    [InlineData("api/auth/test?apikey={0}", false)]
    [InlineData("api/auth/test?access_token={0}", false)]
    [InlineData("api/auth/test?api_key=whatever", true)]
    [InlineData("api/v1/keys?q={0}", true)]
    public async Task A_key_in_the_query_string_is_refused_with_a_clear_message(string path, bool withHeaderToo)
    {
        var key = await app.Given.ApiKeyAsync(scopes: "orders:read");
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, path, key.Secret);

        var response = withHeaderToo ? await _client.GetWithKeyAsync(url, key.Secret) : await _client.GetAsync(url);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains("query string", error.GetProperty("message").GetString());
        Assert.DoesNotContain(key.Secret, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Two_credentials_in_one_request_are_refused()
    {
        var key = await app.Given.ApiKeyAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/auth/test");
        request.Headers.Add("X-API-Key", key.Secret);
        request.Headers.Add("Authorization", "Bearer " + key.Secret);

        await (await _client.SendAsync(request)).AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task An_oversized_key_header_is_invalid_api_key_and_not_echoed()
    {
        var huge = "notary_" + new string('A', 16_000);

        var response = await _client.GetWithKeyAsync("api/auth/test", huge);

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_api_key");
        Assert.DoesNotContain("AAAAAAAAAA", await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, byte[]> HostileHeaderValues => new()
    {
        { "null byte", Encoding.ASCII.GetBytes("notary_abc\0def") },
        { "UTF-8", Encoding.UTF8.GetBytes("notary_ÄÖÜxK9mP2vR4nQ8sT6wY1hJ3fD5c0xiH") },
        { "Latin-1", [.. Encoding.ASCII.GetBytes("notary_"), 0xE4, 0xF6, 0xFC, .. Encoding.ASCII.GetBytes("xK9mP2vR4nQ8sT6wY1hJ3fD5c0xiH")] },
        { "control characters", Encoding.ASCII.GetBytes("notary_\u0001\u0002\u007f") },
        { "beyond Kestrel's header limit", Encoding.ASCII.GetBytes("notary_" + new string('B', 40_000)) },
        { "empty", [] },
    };

    [Theory]
    [MemberData(nameof(HostileHeaderValues))]
    public async Task Hostile_header_values_get_a_clear_client_error_never_a_500_nor_an_echo(string what, byte[] value)
    {
        var (status, body) = await RawGetAsync("/api/auth/test", "X-API-Key", value);

        Assert.True(status is 400 or 401 or 431, $"{what}: answered {status}: {body}");
        if (status == 401)
        {
            Assert.Contains("invalid_api_key", body);
        }

        Assert.DoesNotContain("BBBBBBBBBB", body);
        Assert.DoesNotContain("xK9mP2vR4nQ8", body);
    }

    [Fact]
    public async Task Last_used_time_and_address_are_recorded_without_a_write_per_request()
    {
        var key = await app.Given.ApiKeyAsync();
        var before = app.Clock.GetUtcNow();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _client.GetWithKeyAsync("api/auth/test", key.Secret)).StatusCode);
        }

        // Shown at once from memory...
        var keys = app.Services.GetRequiredService<ApiKeyService>();
        var view = (await keys.GetAsync(ApiKeyActor.Session(key.Owner.Id, RequestOrigin.Unknown), key.Id)).Value!;
        Assert.True(view.LastUsedAt >= before.AddSeconds(-1));
        Assert.Equal("127.0.0.1", view.LastUsedIp);

        // ...and written in the next batch.
        await app.Services.GetRequiredService<ApiKeyUsageFlusher>().FlushAsync(CancellationToken.None);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var row = await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == key.Id);
        Assert.True(row.LastUsedAt >= before.AddSeconds(-1));
        Assert.Equal("127.0.0.1", row.LastUsedIp);
    }

    [Fact]
    public async Task A_verified_key_is_served_from_memory_without_reading_the_database_again()
    {
        var key = await app.Given.ApiKeyAsync();
        Assert.Equal(HttpStatusCode.OK, (await _client.GetWithKeyAsync("api/auth/test", key.Secret)).StatusCode);

        // Remove the row behind the application's back (no invalidation): the cached verification still answers.
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteDeleteAsync();
        }

        Assert.Equal(HttpStatusCode.OK, (await _client.GetWithKeyAsync("api/auth/test", key.Secret)).StatusCode);
    }

    [Fact]
    public async Task Deleting_the_account_deletes_its_keys_and_they_stop_at_once()
    {
        var key = await app.Given.ApiKeyAsync();
        Assert.Equal(HttpStatusCode.OK, (await _client.GetWithKeyAsync("api/auth/test", key.Secret)).StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Notarial.Portal.Features.Accounts.PortalUser>>();
            Assert.True((await users.DeleteAsync((await users.FindByIdAsync(key.Owner.Id))!)).Succeeded);
        }

        await (await _client.GetWithKeyAsync("api/auth/test", key.Secret)).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_api_key");
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.False(await db.ApiKeys.AnyAsync(k => k.OwnerId == key.Owner.Id));
    }

    /// <summary>A GET written byte for byte on a socket, so header values no HTTP client would send reach the server.</summary>
    private async Task<(int Status, string Body)> RawGetAsync(string path, string header, byte[] value)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, app.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {app.BaseAddress.Authority}\r\nConnection: close\r\n{header}: ");
        await stream.WriteAsync(head);
        await stream.WriteAsync(value);
        await stream.WriteAsync("\r\n\r\n"u8.ToArray());
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, response);
    }
}
