using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Notarial.Portal.Sdk;
using Notarial.Portal.Tests.Features.Audit;
using Notarial.Portal.Tests.Features.OAuth;

namespace Notarial.Portal.Tests.Sdk;

/// <summary>
/// The C# SDK (sdk/dotnet) against this real portal: <c>new NotarialClient(options)</c> and <c>AddNotarialClient</c>
/// with an API key, an access token and client credentials (renewed before expiry), typed orders and products, the
/// typed exception with its code and request id, and a real 429 retried after Retry-After.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class DotnetSdkTests(PortalApp app) : IDisposable
{
    private readonly List<IDisposable> _disposables = [];

    public void Dispose() => _disposables.ForEach(d => d.Dispose());

    private async Task<TestApiKey> KeyAsync(int? burstPerSecond = null)
    {
        var owner = await app.Given.DeveloperAsync();
        await app.Given.SampleDataAsync(owner);
        return await app.Given.ApiKeyAsync(owner, "orders:read products:read", type: "partner", environment: "test", burstPerSecond: burstPerSecond);
    }

    private NotarialClient Client(NotarialClientOptions options)
    {
        options.BaseAddress ??= app.BaseAddress;
        var client = new NotarialClient(options);
        _disposables.Add(client);
        return client;
    }

    /// <summary>A client from <c>AddNotarialClient</c>, with a recording handler (or a scripted one) as its primary handler.</summary>
    private (NotarialClient Client, Wire Wire) Registered(Action<NotarialClientOptions> configure, HttpMessageHandler? answers = null)
    {
        var wire = new Wire(answers ?? new SocketsHttpHandler());
        var services = new ServiceCollection();
        services.AddNotarialClient(options =>
        {
            options.BaseAddress = app.BaseAddress;
            configure(options);
        }).ConfigurePrimaryHttpMessageHandler(() => wire);
        var provider = services.BuildServiceProvider();
        _disposables.Add(provider);
        return (provider.GetRequiredService<NotarialClient>(), wire);
    }

    [Fact]
    public async Task An_api_key_auth_test_is_valid_as_seed_003_shows()
    {
        var key = await KeyAsync();
        var client = Client(new NotarialClientOptions { ApiKey = key.Secret });

        var result = await client.Auth.TestAsync();

        Assert.True(result.Valid);
        Assert.Equal("api_key", result.Credential.Kind);
        Assert.Equal(key.Id.ToString(), result.Credential.Id, ignoreCase: true);
        Assert.Equal("test", result.Environment);
    }

    [Fact]
    public async Task Every_attempt_carries_a_request_id_and_the_client_version()
    {
        var key = await KeyAsync();
        var (client, wire) = Registered(o => o.ApiKey = key.Secret);

        await client.Auth.TestAsync();

        var call = Assert.Single(wire.Exchanges);
        Assert.Matches("^req_[0-9a-f]{32}$", call.RequestId);
        Assert.Equal(call.RequestId, call.ResponseRequestId);
        Assert.Equal("notarial-dotnet-" + NotarialClient.Version, call.ClientVersion);
        Assert.Equal("Bearer " + key.Secret, call.Authorization);
        var row = Assert.Single(await app.AuditRowsAsync(q => q.Where(e => e.RequestId == call.RequestId)));
        Assert.Equal(key.Id.ToString(), row.CredentialId, ignoreCase: true);
    }

    [Fact]
    public async Task An_access_token_auth_test_is_valid()
    {
        var owner = await app.Given.DeveloperAsync();
        var machine = await app.Given.MachineClientInAsync("test", owner, "orders:read");
        var token = await app.ClientCredentialsAsync(machine.ClientId, machine.ClientSecret!);
        var client = Client(new NotarialClientOptions { AccessToken = token.AccessToken });

        var result = await client.Auth.TestAsync();

        Assert.True(result.Valid);
        Assert.Equal("oauth_token", result.Credential.Kind);
        Assert.Equal(machine.ClientId, result.Credential.ClientId);
    }

    [Fact]
    public async Task Client_credentials_fetch_one_token_and_renew_it_before_it_expires()
    {
        var owner = await app.Given.DeveloperAsync();
        var machine = await app.Given.MachineClientInAsync("test", owner, "orders:read");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (client, wire) = Registered(o =>
        {
            o.ClientId = machine.ClientId;
            o.ClientSecret = machine.ClientSecret;
            o.TimeProvider = clock;
        });

        var first = await client.Auth.TestAsync();
        await client.Auth.TestAsync();
        clock.Advance(TimeSpan.FromMinutes(59.5));
        var renewed = await client.Auth.TestAsync();

        Assert.True(first.Valid);
        Assert.True(renewed.Valid);
        Assert.Equal(machine.ClientId, renewed.Credential.ClientId);
        var tokens = wire.Exchanges.Select(e => e.Authorization).ToList();
        Assert.Equal(3, tokens.Count);
        Assert.Equal(tokens[0], tokens[1]);
        Assert.NotEqual(tokens[1], tokens[2]);
    }

    [Fact]
    public async Task A_wrong_client_secret_throws_the_oauth_error()
    {
        var owner = await app.Given.DeveloperAsync();
        var machine = await app.Given.MachineClientInAsync("test", owner, "orders:read");
        var client = Client(new NotarialClientOptions { ClientId = machine.ClientId, ClientSecret = "not-the-secret" });

        var error = await Assert.ThrowsAsync<NotarialApiException>(() => client.Auth.TestAsync());

        Assert.Equal("invalid_client", error.Code);
        Assert.Equal("oauth_error", error.Type);
    }

    [Fact]
    public async Task Orders_and_products_are_typed_and_paged()
    {
        var key = await KeyAsync();
        var client = Client(new NotarialClientOptions { ApiKey = key.Secret });

        var page = await client.Orders.ListAsync(limit: 2);
        var next = await client.Orders.ListAsync(limit: 2, cursor: page.NextCursor);
        var order = await client.Orders.GetAsync(page.Data.First().Id);
        var products = await client.Products.ListAsync();

        Assert.Equal(2, page.Data.Count);
        Assert.True(page.HasMore);
        Assert.NotEqual(page.Data.First().Id, next.Data.First().Id);
        Assert.Equal(page.Data.First().Number, order.Number);
        Assert.Equal("test", order.Environment);
        Assert.Contains(products.Data, p => p.Name == "Power of attorney" && p.Price == 145);
    }

    [Fact]
    public async Task A_refused_call_throws_the_typed_exception_with_code_and_request_id()
    {
        var (client, wire) = Registered(o => o.ApiKey = "notary_test_" + new string('0', 32));

        var error = await Assert.ThrowsAsync<NotarialApiException>(() => client.Orders.ListAsync());

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("authentication_error", error.Type);
        Assert.Equal("invalid_api_key", error.Code);
        Assert.Equal(Assert.Single(wire.Exchanges).RequestId, error.RequestId);
        Assert.Contains("invalid_api_key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_order_is_not_found()
    {
        var key = await KeyAsync();
        var client = Client(new NotarialClientOptions { ApiKey = key.Secret });

        var error = await Assert.ThrowsAsync<NotarialApiException>(() => client.Orders.GetAsync("ord_doesnotexist"));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("not_found", error.Code);
        Assert.NotNull(error.RequestId);
    }

    [Fact]
    public async Task A_429_is_retried_after_retry_after_and_the_call_succeeds()
    {
        var key = await KeyAsync(burstPerSecond: 1);
        var (client, wire) = Registered(o => o.ApiKey = key.Secret);

        // One request a second: the second call (across a second boundary, the third) is refused once, then retried.
        for (var i = 0; i < 3 && !wire.Exchanges.Any(e => e.Status == HttpStatusCode.TooManyRequests); i++)
        {
            Assert.True((await client.Auth.TestAsync()).Valid);
        }

        var exchanges = wire.Exchanges.ToList();
        var refused = exchanges.FindIndex(e => e.Status == HttpStatusCode.TooManyRequests);
        Assert.True(refused > 0, "The server never answered 429.");
        var retryAfter = exchanges[refused].RetryAfter!.Value;
        Assert.True(retryAfter >= TimeSpan.FromSeconds(1));
        var retry = exchanges[refused + 1];
        Assert.Equal(HttpStatusCode.OK, retry.Status);
        Assert.True(Stopwatch.GetElapsedTime(exchanges[refused].SentAt, retry.SentAt) >= retryAfter - TimeSpan.FromMilliseconds(50));
        Assert.NotEqual(exchanges[refused].RequestId, retry.RequestId);
    }

    [Fact]
    public async Task With_retries_off_a_429_throws_with_retry_after()
    {
        var key = await KeyAsync(burstPerSecond: 1);
        var client = Client(new NotarialClientOptions { ApiKey = key.Secret, MaxRetries = 0 });

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            try
            {
                await client.Auth.TestAsync();
                return null;
            }
            catch (NotarialApiException refused)
            {
                return refused;
            }
        }));

        var error = Assert.IsType<NotarialApiException>(outcomes.First(o => o is not null));
        Assert.Equal(429, error.StatusCode);
        Assert.Equal("rate_limit_exceeded", error.Code);
        Assert.True(error.RetryAfter >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_5xx_is_retried_for_get_never_for_post()
    {
        var answers = new ScriptedAnswers(HttpStatusCode.ServiceUnavailable, HttpStatusCode.BadGateway, HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable);
        var (client, wire) = Registered(o =>
        {
            o.ApiKey = "notary_test_x";
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
        }, answers);

        Assert.True((await client.Auth.TestAsync()).Valid);
        var error = await Assert.ThrowsAsync<NotarialApiException>(() => client.Orders.CreateAsync(new Notarial.Portal.Sdk.Api.OrderWrite { CustomerName = "A" }));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(["GET", "GET", "GET", "POST"], wire.Exchanges.Select(e => e.Method));
    }

    [Fact]
    public void Options_need_exactly_one_credential()
    {
        Assert.Throws<ArgumentException>(() => new NotarialClient(new NotarialClientOptions { BaseAddress = app.BaseAddress }));
        Assert.Throws<ArgumentException>(() => new NotarialClient(new NotarialClientOptions { ApiKey = "a", AccessToken = "b" }));
    }

    /// <summary>What went out and what came back, at the bottom of the SDK's handler chain.</summary>
    private sealed class Wire(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public System.Collections.Concurrent.ConcurrentQueue<Exchange> Exchanges { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var sentAt = Stopwatch.GetTimestamp();
            var response = await base.SendAsync(request, cancellationToken);
            Exchanges.Enqueue(new Exchange(request.Method.Method, response.StatusCode, sentAt,
                request.Headers.TryGetValues("X-Request-ID", out var id) ? id.Single() : null,
                response.Headers.TryGetValues("X-Request-ID", out var echoed) ? echoed.Single() : null,
                request.Headers.TryGetValues("X-Client-Version", out var version) ? version.Single() : null,
                request.Headers.Authorization?.ToString(), response.Headers.RetryAfter?.Delta));
            return response;
        }
    }

    private sealed record Exchange(string Method, HttpStatusCode Status, long SentAt, string? RequestId, string? ResponseRequestId,
        string? ClientVersion, string? Authorization, TimeSpan? RetryAfter);

    /// <summary>Answers with the given statuses in turn, for what a real server does not do on demand (a 503).</summary>
    private sealed class ScriptedAnswers(params HttpStatusCode[] statuses) : HttpMessageHandler
    {
        private readonly Queue<HttpStatusCode> _statuses = new(statuses);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var status = _statuses.Count > 0 ? _statuses.Dequeue() : HttpStatusCode.OK;
            var body = status == HttpStatusCode.OK
                ? """{"valid":true,"account_id":"a","credential":{"kind":"api_key","id":"k","client_id":null},"scopes":[],"environment":"test"}"""
                : """{"error":{"type":"api_error","code":"unavailable","message":"Try again.","request_id":"req_scripted"}}""";
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") });
        }
    }
}
