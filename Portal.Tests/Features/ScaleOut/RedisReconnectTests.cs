using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Notarial.Portal.Features.Caching;
using Notarial.Portal.Features.ScaleOut;
using Notarial.Portal.Tests.Features.OAuth;
using Notarial.Portal.Tests.Infrastructure.ScaleOut;

namespace Notarial.Portal.Tests.Features.ScaleOut;

/// <summary>
/// The invalidation bus of two instances that started while Redis was unreachable: each subscribes when Redis comes up,
/// and messages flow between them from then on. (The bus and its connection as the portal builds them, over a real
/// Redis started late; a whole portal would also need the key ring, which lives in Redis too.)
/// </summary>
[Collection(TwoInstancesCollection.Name)]
public sealed class RedisReconnectTests
{
    private sealed class Instance(RedisConnection connection, RedisInvalidationBus bus) : IDisposable
    {
        public RedisInvalidationBus Bus => bus;

        public bool Connected => connection.IsConnected;

        public static Instance Start(string configuration, string prefix)
        {
            var connection = new RedisConnection(Options.Create(new RedisOptions { Configuration = configuration, Prefix = prefix }), NullLogger<RedisConnection>.Instance);
            return new Instance(connection, new RedisInvalidationBus(new InProcessInvalidationBus(), connection, NullLogger<RedisInvalidationBus>.Instance));
        }

        public void Dispose()
        {
            bus.Dispose();
            connection.Dispose();
        }
    }

    [Fact]
    public async Task Instances_that_started_while_Redis_was_down_subscribe_when_it_comes_up_and_then_hear_each_other()
    {
        await using var redis = ScaleOutServers.ReserveRedis();
        var prefix = "reconnect-" + Guid.NewGuid().ToString("N")[..8] + ":";
        using var a = Instance.Start(redis.Configuration, prefix);
        using var b = Instance.Start(redis.Configuration, prefix);
        var heardAtB = new ConcurrentQueue<string>();
        using var subscription = b.Bus.Subscribe("api_key", m => heardAtB.Enqueue(m.Id));

        // Redis is down: each instance still serves itself (its own caches hear its messages), and says it is not subscribed.
        Assert.False(a.Bus.IsSubscribed);
        Assert.False(b.Bus.IsSubscribed);
        await a.Bus.PublishAsync(new InvalidationMessage("api_key", "lost-while-down"));
        await b.Bus.PublishAsync(new InvalidationMessage("api_key", "local"));
        Assert.Equal(["local"], heardAtB);

        await redis.StartAsync();

        // The multiplexer reconnects on its own schedule; the bus subscribes on the restored connection.
        await Until.ThatAsync(() => (a.Bus.IsSubscribed, b.Bus.IsSubscribed), s => s is (true, true), "both buses subscribed after Redis came up");
        await a.Bus.PublishAsync(new InvalidationMessage("api_key", "after-reconnect"));

        await Until.ThatAsync(() => heardAtB.ToArray(), ids => ids.Contains("after-reconnect"), "B hearing A's message", TimeSpan.FromSeconds(1));
        Assert.Equal(["local", "after-reconnect"], heardAtB);
    }

    [Fact]
    public async Task An_instance_restarted_while_Redis_is_down_starts_on_its_copy_of_the_key_ring_and_keeps_its_tokens_valid()
    {
        var servers = await ScaleOutServers.GetAsync();
        var database = await servers.CreateDatabaseAsync();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "notarial-tests", "restart-" + Guid.NewGuid().ToString("N")[..8]);
        var redis = ScaleOutServers.ReserveRedis();
        var settings = new Dictionary<string, string> { ["Redis:Configuration"] = redis.Configuration, ["Redis:Prefix"] = database + ":" };
        try
        {
            await redis.StartAsync();
            string token;
            var first = new PostgreSqlPortalApp(database, issuer: TwoInstances.Issuer, settings: settings, dataDirectory: dataDirectory);
            await first.InitializeAsync();
            try
            {
                var owner = await first.Given.DeveloperAsync();
                var client = await first.Given.MachineClientAsync(owner, "orders:read");
                token = (await first.ClientCredentialsAsync(client.ClientId, client.ClientSecret!, "orders:read", new Uri(first.BaseAddress, "auth/oauth/token").ToString())).AccessToken!;
            }
            finally
            {
                await first.DisposeAsync();
            }

            await redis.DisposeAsync();

            // Redis is gone; the instance starts again (its signing keys are protected by the key ring it can no longer
            // read from Redis) and serves: the token it issued before still validates, and it says Redis is missing.
            var second = new PostgreSqlPortalApp(database, issuer: TwoInstances.Issuer, settings: settings, dataDirectory: dataDirectory);
            await second.InitializeAsync();
            try
            {
                var (status, body, _) = await second.CallApiAsync(token);
                Assert.Equal(System.Net.HttpStatusCode.OK, status);
                Assert.Equal("oauth_token", body.GetProperty("credential").GetProperty("kind").GetString());
                var ready = await second.NewClient().GetAsync("health/ready");
                Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
                Assert.Equal("Degraded", (await ready.JsonAsync()).GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
            }
            finally
            {
                await second.DisposeAsync();
            }
        }
        finally
        {
            await redis.DisposeAsync();
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }
}
