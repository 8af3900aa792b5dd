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
    private readonly ChannelMessageQueue? _queue;

    public RedisInvalidationBus(InProcessInvalidationBus local, RedisConnection redis, ILogger<RedisInvalidationBus> logger)
    {
        _local = local;
        _redis = redis;
        _logger = logger;
        _channel = RedisChannel.Literal(redis.Prefix + "invalidate");
        try
        {
            _queue = redis.Multiplexer.GetSubscriber().Subscribe(_channel);
            _queue.OnMessage(Receive);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // Redis is down at start: this instance still serves; its caches age out within their bounds (≤ 30 s).
            LogSubscribeFailed(exception);
        }
    }

    public async Task PublishAsync(InvalidationMessage message, CancellationToken cancellationToken = default)
    {
        _local.Deliver(message);
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

    public void Dispose() => _queue?.Unsubscribe();

    private void Receive(ChannelMessage message)
    {
        Envelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<Envelope>(message.Message.ToString());
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not subscribe to invalidation messages in Redis; this instance learns of other instances' revocations only when its caches expire (at most 30 s) until it restarts")]
    private partial void LogSubscribeFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish a {Topic} invalidation through Redis; other instances rely on their cache lifetimes")]
    private partial void LogPublishFailed(string topic, Exception exception);
}
