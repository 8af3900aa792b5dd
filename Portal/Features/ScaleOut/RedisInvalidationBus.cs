using System.Text.Json;
using Microsoft.Extensions.Logging;
using Notarial.Portal.Features.Caching;
using StackExchange.Redis;

namespace Notarial.Portal.Features.ScaleOut;

/// <summary>
/// Invalidation messages for several instances: delivered to this process's caches at once (before the call returns),
/// then published on a Redis channel that every other instance listens to. A message lost while Redis is away is
/// covered by the caches' bounded lifetimes (at most 30 seconds; the README says so).
/// </summary>
public sealed partial class RedisInvalidationBus : IInvalidationBus, IDisposable
{
    private readonly InProcessInvalidationBus _local;
    private readonly RedisConnection _redis;
    private readonly ILogger<RedisInvalidationBus> _logger;
    private readonly RedisChannel _channel;
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly Action<RedisChannel, RedisValue> _handler;
    private readonly SemaphoreSlim _subscribing = new(1, 1);
    private int _subscribed;

    public RedisInvalidationBus(InProcessInvalidationBus local, RedisConnection redis, ILogger<RedisInvalidationBus> logger)
    {
        _local = local;
        _redis = redis;
        _logger = logger;
        _channel = RedisChannel.Literal(redis.Prefix + "invalidate");
        _handler = (_, message) => Receive(message);

        // Redis down at start: this instance still serves, and subscribes as soon as the connection comes up (until
        // then its caches age out within their bounds, ≤ 30 s). The library restores a subscription it made after a
        // later outage by itself.
        redis.Multiplexer.ConnectionRestored += OnConnectionRestored;

        // Subscribed before the first request when Redis is up (the connection was attempted before this): returns at
        // once when it is not.
        TrySubscribeAsync().GetAwaiter().GetResult();
    }

    /// <summary>Whether this instance listens to other instances' invalidation messages.</summary>
    public bool IsSubscribed => Volatile.Read(ref _subscribed) == 1;

    public async Task PublishAsync(InvalidationMessage message, CancellationToken cancellationToken = default)
    {
        _local.Deliver(message);
        if (!IsSubscribed && _redis.IsConnected)
        {
            await TrySubscribeAsync();
        }

        try
        {
            var payload = JsonSerializer.Serialize(new Envelope(_instance, message.Topic, message.Id));
            await _redis.Multiplexer.GetSubscriber().PublishAsync(_channel, payload);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // The change is in the database; other instances' caches forget it when their entries age out.
            LogPublishFailed(message.Topic, exception);
        }
    }

    public IDisposable Subscribe(string topic, Action<InvalidationMessage> handler) => _local.Subscribe(topic, handler);

    public void Dispose()
    {
        _redis.Multiplexer.ConnectionRestored -= OnConnectionRestored;
        if (IsSubscribed)
        {
            try
            {
                _redis.Multiplexer.GetSubscriber().Unsubscribe(_channel, _handler, CommandFlags.FireAndForget);
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
            {
                // Going away anyway.
            }
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (!IsSubscribed)
        {
            _ = TrySubscribeAsync();
        }
    }

    private async Task TrySubscribeAsync()
    {
        // One attempt at a time (start, a restored connection and a publish may race): the handler is added once.
        await _subscribing.WaitAsync();
        try
        {
            if (IsSubscribed)
            {
                return;
            }

            if (!_redis.IsConnected)
            {
                LogNotYetSubscribed();
                return;
            }

            await _redis.Multiplexer.GetSubscriber().SubscribeAsync(_channel, _handler);
            Volatile.Write(ref _subscribed, 1);
            LogSubscribed();
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogSubscribeFailed(exception);
        }
        finally
        {
            _subscribing.Release();
        }
    }

    private void Receive(RedisValue message)
    {
        Envelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<Envelope>(message.ToString());
        }
        catch (JsonException)
        {
            return;
        }

        if (envelope is null || envelope.Instance == _instance)
        {
            return; // Our own message: already delivered here.
        }

        _local.Deliver(new InvalidationMessage(envelope.Topic, envelope.Id));
    }

    private sealed record Envelope(string Instance, string Topic, string Id);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not subscribe to invalidation messages in Redis; this instance learns of other instances' revocations only when its caches expire (at most 30 s) until the connection is restored")]
    private partial void LogSubscribeFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is not reachable yet: this instance subscribes to invalidation messages when it is; until then its caches expire within 30 s")]
    private partial void LogNotYetSubscribed();

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribed to invalidation messages in Redis")]
    private partial void LogSubscribed();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish a {Topic} invalidation through Redis; other instances rely on their cache lifetimes")]
    private partial void LogPublishFailed(string topic, Exception exception);
}
