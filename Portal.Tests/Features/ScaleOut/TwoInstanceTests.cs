using System.Diagnostics;
using System.Net;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Features.Webhooks;
using Notarial.Portal.Tests.Features.OAuth;

namespace Notarial.Portal.Tests.Features.ScaleOut;

[Collection(TwoInstancesCollection.Name)]
public sealed class TwoInstanceTests(TwoInstances cluster)
{
    private PortalApp A => cluster.A;

    private PortalApp B => cluster.B;

    [Fact]
    public async Task A_token_issued_by_instance_A_is_accepted_by_instance_B()
    {
        var owner = await A.Given.DeveloperAsync();
        var client = await A.Given.MachineClientAsync(owner, "orders:read");

        var token = await A.ClientCredentialsAsync(client.ClientId, client.ClientSecret!, "orders:read", new Uri(A.BaseAddress, "auth/oauth/token").ToString());
        Assert.False(token.IsError, token.Error);

        var (status, body, _) = await B.CallApiAsync(token.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(client.ClientId, body.GetProperty("credential").GetProperty("client_id").GetString());
        Assert.Equal(owner.Id, body.GetProperty("account_id").GetString());
    }

    [Fact]
    public async Task A_key_revoked_at_A_is_refused_at_B_within_a_second_over_50_revocations()
    {
        var owner = await A.Given.DeveloperAsync();
        using var atB = B.NewClient();
        var worst = TimeSpan.Zero;
        for (var i = 0; i < 50; i++)
        {
            var key = await A.Given.ApiKeyAsync(owner, name: $"Key {i}");
            // B has verified (and cached) the key before it is revoked.
            Assert.Equal(HttpStatusCode.OK, (await atB.GetWithKeyAsync("api/auth/test", key.Secret)).StatusCode);

            await A.Given.RevokeAsync(key);
            var revokedAt = Stopwatch.StartNew();
            HttpStatusCode status;
            do
            {
                status = (await atB.GetWithKeyAsync("api/auth/test", key.Secret)).StatusCode;
            }
            while (status == HttpStatusCode.OK && revokedAt.Elapsed < TimeSpan.FromSeconds(5));

            Assert.Equal(HttpStatusCode.Unauthorized, status);
            worst = revokedAt.Elapsed > worst ? revokedAt.Elapsed : worst;
        }

        Assert.True(worst < TimeSpan.FromSeconds(1), $"The slowest revocation took {worst.TotalMilliseconds:F0} ms to reach B.");
    }

    [Fact]
    public async Task A_burst_split_across_A_and_B_meets_429_at_the_shared_limit()
    {
        var key = await A.Given.ApiKeyAsync(requestsPerHour: 10, burstPerSecond: 10);
        using var atA = A.NewClient();
        using var atB = B.NewClient();

        var statuses = new List<HttpStatusCode>();
        var remaining = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            foreach (var client in new[] { atA, atB })
            {
                var response = await client.GetWithKeyAsync("api/v1/orders", key.Secret);
                statuses.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    remaining.Add(response.Headers.GetValues("X-RateLimit-Remaining").Single());
                }
            }
        }

        // One budget of 10 for both instances, counted down across them, then 429 from either.
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(6, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(["9", "8", "7", "6", "5", "4", "3", "2", "1", "0"], remaining);
        Assert.All(statuses.Skip(10), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    [Fact]
    public async Task A_session_cookie_made_by_A_is_valid_at_B()
    {
        var user = await A.Given.DeveloperAsync();
        var cookies = new CookieContainer();
        using var atA = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = A.BaseAddress };
        using var atB = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = B.BaseAddress };

        await atA.SignInAsync(user);

        // Cookies are per host, not per port: the jar sends A's cookie to B as a browser behind a load balancer would.
        var page = await atB.GetAsync("account/manage");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var api = await atB.GetAsync("api/auth/test");
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        var body = await api.JsonAsync();
        Assert.Equal("session", body.GetProperty("credential").GetProperty("kind").GetString());
        Assert.Equal(user.Id, body.GetProperty("account_id").GetString());
    }

    [Fact]
    public async Task An_outbox_of_1000_events_drained_by_both_instances_sends_each_event_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var endpoint = await A.Given.WebhookEndpointAsync(receiver.Url, events: "api_key.created");
        var ids = new List<string>();
        await using (var scope = A.Services.CreateAsyncScope())
        {
            var events = scope.ServiceProvider.GetRequiredService<WebhookEvents>();
            await using var db = await scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Notarial.Portal.Data.PortalDbContext>>().CreateDbContextAsync();
            for (var i = 0; i < 1000; i++)
            {
                ids.Add(events.Add(db, endpoint.Owner.Id, "live", WebhookEventTypes.ApiKeyCreated, new { n = i }, [endpoint.Id]));
            }

            await db.SaveChangesAsync();
        }

        var sent = await Task.WhenAll(
            A.Services.GetRequiredService<WebhookSender>().DeliverDueAsync(),
            B.Services.GetRequiredService<WebhookSender>().DeliverDueAsync());

        Assert.Equal(1000, sent.Sum());
        Assert.True(sent[0] > 0 && sent[1] > 0, $"Both instances should have sent: A {sent[0]}, B {sent[1]}.");
        var received = (await receiver.WaitForAsync(1000)).Select(r => r.Header(WebhookSignature.IdHeader)).ToList();
        Assert.Equal(1000, received.Count);
        Assert.Equal(1000, received.Distinct().Count());
        Assert.Equal(ids.Order(), received.Order());
    }
}
