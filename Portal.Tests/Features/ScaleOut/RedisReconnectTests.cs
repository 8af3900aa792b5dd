using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Notarial.Portal.Features.Caching;
using Notarial.Portal.Features.ScaleOut;
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
}
