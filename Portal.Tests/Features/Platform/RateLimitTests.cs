using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Time.Testing;
using Notarial.Portal.Features.RateLimiting;

namespace Notarial.Portal.Tests.Features.Platform;

/// <summary>Rate limits with small budgets, on a portal of their own.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly SmallBudgetPortal _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task The_hourly_budget_counts_down_then_429_with_retry_after_until_the_window_resets()
    {
        var owner = await _app.Given.DeveloperAsync();
        var client = await _app.Given.MachineClientAsync(owner, "orders:read");
        async Task<HttpClient> WithFreshTokenAsync()
        {
            var http = _app.NewClient();
            var token = await Notarial.Portal.Tests.Features.OAuth.OAuthTestExtensions.ClientCredentialsAsync(_app, client.ClientId, client.ClientSecret!);
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.AccessToken);
            return http;
        }

        var api = await WithFreshTokenAsync();

        for (var i = 4; i >= 0; i--)
        {
            var ok = await api.GetAsync("api/v1/orders");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("5", Assert.Single(ok.Headers.GetValues("X-RateLimit-Limit")));
            Assert.Equal(i.ToString(), Assert.Single(ok.Headers.GetValues("X-RateLimit-Remaining")));
        }

        var refused = await api.GetAsync("api/v1/orders");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("rate_limit_exceeded", (await refused.JsonAsync()).ErrorCode());
        Assert.Equal("rate_limit_error", (await refused.JsonAsync()).GetProperty("error").GetProperty("type").GetString());
        Assert.True(refused.Headers.RetryAfter!.Delta > TimeSpan.Zero);
        Assert.Equal("0", Assert.Single(refused.Headers.GetValues("X-RateLimit-Remaining")));
        var reset = long.Parse(Assert.Single(refused.Headers.GetValues("X-RateLimit-Reset")));
        Assert.True(reset > _app.Clock.GetUtcNow().ToUnixTimeSeconds());

        // Another credential has its own budget.
        var other = await _app.ApiClientAsync(await _app.Given.DeveloperAsync(), "orders:read");
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("api/v1/orders")).StatusCode);

        // The budget is per client (tokens come and go), and it comes back when the clock hour ends.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await (await WithFreshTokenAsync()).GetAsync("api/v1/orders")).StatusCode);
        _app.Clock.Advance(TimeSpan.FromSeconds(reset - _app.Clock.GetUtcNow().ToUnixTimeSeconds() + 1));
        Assert.Equal(HttpStatusCode.OK, (await (await WithFreshTokenAsync()).GetAsync("api/v1/orders")).StatusCode);
    }

    [Fact]
    public async Task Requests_without_a_credential_are_limited_per_ip()
    {
        var anonymous = _app.NewClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/v1/orders")).StatusCode);
        }

        var refused = await anonymous.GetAsync("api/v1/orders");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        _app.Clock.Advance(TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task The_per_second_burst_is_refused_within_the_same_second()
    {
        var user = await _app.Given.DeveloperAsync();
        var browser = _app.NewClient();
        await browser.SignInAsync(user);
        _app.Clock.Freeze();
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("api/v1/orders")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("api/v1/orders")).StatusCode);
            var refused = await browser.GetAsync("api/v1/orders");
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Contains("per second", (await refused.JsonAsync()).GetProperty("error").GetProperty("message").GetString());
        }
        finally
        {
            _app.Clock.Unfreeze();
        }
    }

    [Fact]
    public async Task Idle_counters_are_swept_so_memory_does_not_grow_with_keys()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T10:00:00Z"));
        var store = new InMemoryRateLimitStore(time);
        for (var i = 0; i < 1000; i++)
        {
            await store.HitAsync("key-" + i, 10, TimeSpan.FromSeconds(1));
        }

        time.Advance(TimeSpan.FromMinutes(2));
        await store.HitAsync("fresh", 10, TimeSpan.FromSeconds(1));

        Assert.Equal(1, store.KeyCount);
    }

    private sealed class SmallBudgetPortal : PortalApp
    {
        protected override void ConfigureSettings(IWebHostBuilder builder)
        {
            builder.UseSetting("RateLimits:OAuthToken:PerHour", "5");
            builder.UseSetting("RateLimits:Anonymous:PerHour", "3");
            builder.UseSetting("RateLimits:Session:PerSecond", "2");
        }
    }
}
