using System.Net;
using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Features.Audit;

namespace Notarial.Portal.Tests.Features.Audit;

[Collection(PortalCollection.Name)]
public class AuditRecordingTests(PortalApp app)
{
    [Fact]
    public async Task A_successful_key_call_is_recorded_with_its_caller_route_and_latency()
    {
        var key = await app.Given.ApiKeyAsync(scopes: "orders:read");
        using var client = app.NewClient();
        client.DefaultRequestHeaders.UserAgent.ParseAdd("audit-test/1.0");

        var response = await client.GetWithKeyAsync("api/v1/orders?limit=1", key.Secret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = await app.AuditRowAsync(response);
        Assert.Equal(key.Owner.Id, row.AccountId);
        Assert.Equal("api_key", row.CredentialKind);
        Assert.Equal(key.Id.ToString(), row.CredentialId);
        Assert.Equal("live", row.Environment);
        Assert.Equal("GET", row.Method);
        Assert.Equal("/api/v1/orders", row.Route);
        Assert.Equal("/api/v1/orders", row.Path);
        Assert.Equal(200, row.Status);
        Assert.Null(row.ErrorCode);
        Assert.Equal("orders:read", row.Scope);
        Assert.Equal("127.0.0.1", row.IpAddress);
        Assert.Equal("audit-test/1.0", row.UserAgent);
        Assert.InRange(row.LatencyMs, 0.001, 30_000);
        Assert.InRange(row.OccurredAt, app.Clock.GetUtcNow().AddMinutes(-1), app.Clock.GetUtcNow());
    }

    [Fact]
    public async Task The_client_version_is_kept_on_the_row_in_the_usage_rollups_and_in_the_request_log_csv()
    {
        var key = await app.Given.ApiKeyAsync(scopes: "orders:read");
        using var client = app.NewClient();
        using var versioned = new HttpRequestMessage(HttpMethod.Get, "api/v1/orders?limit=1");
        versioned.Headers.Add("X-API-Key", key.Secret);
        versioned.Headers.Add("X-Client-Version", "1.0.0");
        using var odd = new HttpRequestMessage(HttpMethod.Get, "api/v1/orders?limit=1");
        odd.Headers.Add("X-API-Key", key.Secret);
        odd.Headers.TryAddWithoutValidation("X-Client-Version", "1.0 <script>");

        var withVersion = await client.SendAsync(versioned);
        var withOddVersion = await client.SendAsync(odd);

        Assert.Equal("1.0.0", (await app.AuditRowAsync(withVersion)).ClientVersion);
        Assert.Null((await app.AuditRowAsync(withOddVersion)).ClientVersion);
        var counted = await app.InDbAsync(db => db.UsageRollupDimensions
            .Where(d => d.AccountId == key.Owner.Id && d.Dimension == UsageDimensions.ClientVersion).Select(d => new { d.Value, d.Count }).ToListAsync());
        Assert.Equal("1.0.0", Assert.Single(counted).Value);
        Assert.Equal(1, counted[0].Count);

        using var browser = app.NewClient();
        await browser.SignInAsync(key.Owner);
        var csv = (await browser.GetStringAsync("usage/log.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",user_agent,client_version", csv[0].TrimEnd('\r'), StringComparison.Ordinal);
        var line = csv.Single(l => l.Contains(withVersion.Headers.GetValues("X-Request-ID").Single(), StringComparison.Ordinal));
        Assert.EndsWith(",1.0.0", line.TrimEnd('\r'), StringComparison.Ordinal);
    }

    public static TheoryData<string> Rejections => ["unknown key", "revoked key", "missing scope", "rate limit", "two credentials", "no credential", "no such endpoint", "credential in query"];

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task A_rejected_request_is_recorded_with_its_status_and_error_code(string rejection)
    {
        using var client = app.NewClient();
        var (response, expectedStatus, expectedCode, caller) = rejection switch
        {
            "unknown key" => (await client.GetWithKeyAsync("api/auth/test", Notarial.Portal.Features.ApiKeys.ApiKeyFormat.Generate("live")), 401, "invalid_api_key", (TestApiKey?)null),
            "revoked key" => await RevokedAsync(client),
            "missing scope" => await MissingScopeAsync(client),
            "rate limit" => await RateLimitedAsync(client),
            "two credentials" => await TwoCredentialsAsync(client),
            "no credential" => (await client.GetAsync("api/v1/orders"), 401, "invalid_api_key", null),
            "no such endpoint" => await NoEndpointAsync(client),
            "credential in query" => (await client.GetAsync("api/v1/orders?api_key=notary_x"), 400, "invalid_request", null),
            _ => throw new ArgumentOutOfRangeException(nameof(rejection)),
        };

        Assert.Equal(expectedStatus, (int)response.StatusCode);
        var row = await app.AuditRowAsync(response);
        Assert.Equal(expectedStatus, row.Status);
        Assert.Equal(expectedCode, row.ErrorCode);
        Assert.Equal(caller?.Owner.Id, row.AccountId);
        Assert.Equal(caller?.Id.ToString(), row.CredentialId);
        Assert.Equal("127.0.0.1", row.IpAddress);
    }

    private async Task<(HttpResponseMessage, int, string, TestApiKey?)> RevokedAsync(HttpClient client)
    {
        var key = await app.Given.ApiKeyAsync();
        await app.Given.RevokeAsync(key);
        return (await client.GetWithKeyAsync("api/auth/test", key.Secret), 401, "revoked_api_key", key);
    }

    private async Task<(HttpResponseMessage, int, string, TestApiKey?)> MissingScopeAsync(HttpClient client)
    {
        var key = await app.Given.ApiKeyAsync(scopes: "invoices:read");
        return (await client.GetWithKeyAsync("api/v1/orders", key.Secret), 403, "insufficient_scope", key);
    }

    private async Task<(HttpResponseMessage, int, string, TestApiKey?)> RateLimitedAsync(HttpClient client)
    {
        var key = await app.Given.ApiKeyAsync(requestsPerHour: 1, burstPerSecond: 1);
        Assert.Equal(HttpStatusCode.OK, (await client.GetWithKeyAsync("api/auth/test", key.Secret)).StatusCode);
        return (await client.GetWithKeyAsync("api/auth/test", key.Secret), 429, "rate_limit_exceeded", key);
    }

    private async Task<(HttpResponseMessage, int, string, TestApiKey?)> TwoCredentialsAsync(HttpClient client)
    {
        var key = await app.Given.ApiKeyAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "api/auth/test");
        request.Headers.TryAddWithoutValidation("X-API-Key", key.Secret);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key.Secret);
        return (await client.SendAsync(request), 400, "invalid_request", null);
    }

    private async Task<(HttpResponseMessage, int, string, TestApiKey?)> NoEndpointAsync(HttpClient client)
    {
        var key = await app.Given.ApiKeyAsync();
        return (await client.GetWithKeyAsync("api/v1/no-such-thing", key.Secret), 404, "not_found", key);
    }

    [Fact]
    public async Task Parallel_requests_each_get_their_own_row()
    {
        const int Count = 200;
        var key = await app.Given.ApiKeyAsync(scopes: "orders:read", type: "partner", burstPerSecond: 1000);
        using var client = app.NewClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, Count).Select(_ => client.GetWithKeyAsync("api/auth/test", key.Secret)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var ids = responses.Select(r => r.Headers.GetValues("X-Request-ID").Single()).ToHashSet();
        var rows = await app.AuditRowsAsync(q => q.Where(e => e.CredentialId == key.Id.ToString()));
        Assert.Equal(Count, rows.Count);
        Assert.Equal(ids, rows.Select(r => r.RequestId).ToHashSet());
    }

    [Fact]
    public async Task Rollups_equal_the_raw_rows_they_summarise()
    {
        var key = await app.Given.ApiKeyAsync(scopes: "orders:read orders:write");
        using var client = app.NewClient();
        for (var i = 0; i < 7; i++)
        {
            await client.GetWithKeyAsync("api/v1/orders", key.Secret);
        }

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.GetWithKeyAsync("api/v1/invoices", key.Secret)));
        await client.GetWithKeyAsync("api/v1/orders/ord_doesnotexist", key.Secret);
        await client.SendWithKeyAsync(HttpMethod.Post, "api/v1/orders", key.Secret, new { customer_name = "" });
        await client.GetWithKeyAsync("api/auth/test", key.Secret);

        var id = key.Id.ToString();
        var raw = await app.AuditRowsAsync(q => q.Where(e => e.CredentialId == id));
        var (rollups, dimensions) = await app.InDbAsync(async db => (
            await db.UsageRollups.Where(r => r.CredentialId == id).ToListAsync(),
            await db.UsageRollupDimensions.Where(d => d.CredentialId == id).ToListAsync()));

        Assert.Equal(15, raw.Count);
        Assert.Equal(raw.Count, rollups.Sum(r => r.Requests));
        Assert.Equal(raw.Count(r => r.Status is >= 200 and < 300), rollups.Sum(r => r.Status2xx));
        Assert.Equal(raw.Count(r => r.Status is >= 400 and < 500), rollups.Sum(r => r.Status4xx));
        Assert.Equal(raw.Count(r => r.Status >= 500), rollups.Sum(r => r.Status5xx));
        Assert.Equal(raw.Sum(r => r.LatencyMs), rollups.Sum(r => r.LatencyTotalMs), precision: 6);
        var buckets = new long[LatencyHistogram.BucketCount];
        foreach (var r in raw)
        {
            buckets[LatencyHistogram.BucketOf(r.LatencyMs)]++;
        }

        Assert.Equal(buckets, rollups.Select(r => r.GetLatencyBuckets()).Aggregate(new long[LatencyHistogram.BucketCount], (sum, b) => [.. sum.Zip(b, (x, y) => x + y)]));
        Assert.All(rollups, r => Assert.Equal(key.Owner.Id, r.AccountId));

        Dictionary<string, long> Counts(string dimension) => dimensions.Where(d => d.Dimension == dimension)
            .GroupBy(d => d.Value).ToDictionary(g => g.Key, g => g.Sum(d => d.Count));
        Assert.Equal(raw.Where(r => r.ErrorCode is not null).GroupBy(r => r.ErrorCode!).ToDictionary(g => g.Key, g => (long)g.Count()), Counts(UsageDimensions.ErrorCode));
        Assert.Equal(raw.GroupBy(r => r.Method + " " + r.Route).ToDictionary(g => g.Key, g => (long)g.Count()), Counts(UsageDimensions.Endpoint));
        Assert.Equal(new Dictionary<string, long> { ["127.0.0.1"] = raw.Count }, Counts(UsageDimensions.IpAddress));
        Assert.Contains("orders:read", Counts(UsageDimensions.Scope).Keys);
        // Refused for want of the scope: not a use of it.
        Assert.DoesNotContain("invoices:read", Counts(UsageDimensions.Scope).Keys);
    }
}
