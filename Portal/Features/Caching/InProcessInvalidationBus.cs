using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Notarial.Portal.Features.Caching;

/// <summary>The single-instance bus: publishing calls the subscribers of this process before returning.</summary>
public sealed class InProcessInvalidationBus : IInvalidationBus
{
    private readonly ConcurrentDictionary<string, ImmutableArray<Action<InvalidationMessage>>> _handlers = new(StringComparer.Ordinal);

    public Task PublishAsync(InvalidationMessage message, CancellationToken cancellationToken = default)
    {
        Deliver(message);
        return Task.CompletedTask;
    }

    /// <summary>Runs this process's handlers for the message (also used by the Redis bus for messages from elsewhere).</summary>
    public void Deliver(InvalidationMessage message)
    {
        if (_handlers.TryGetValue(message.Topic, out var handlers))
        {
            foreach (var handler in handlers)
            {
                handler(message);
            }
        }
    }

    public IDisposable Subscribe(string topic, Action<InvalidationMessage> handler)
    {
        _handlers.AddOrUpdate(topic, _ => [handler], (_, existing) => existing.Add(handler));
        return new Subscription(() => _handlers.AddOrUpdate(topic, _ => [], (_, existing) => existing.Remove(handler)));
    }

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                unsubscribe();
            }
        }
    }
}
