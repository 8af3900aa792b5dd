using System.Collections.Concurrent;
using Notarial.Portal.Features.Caching;

namespace Notarial.Portal.Features.OAuth;

/// <summary>
/// Application records by client id for the whole process, so the token endpoint does not query the database per token.
/// Entries live at most 30 seconds and are dropped at once when an application changes (through the invalidation bus,
/// on every instance). The cached objects are detached entities: read them, never change them.
/// </summary>
public sealed class OAuthClientCache : IDisposable
{
    public const string Topic = "oauth_client";
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (OAuthApplication? Application, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly IDisposable _subscription;

    public OAuthClientCache(IInvalidationBus bus, TimeProvider time)
    {
        _time = time;
        _subscription = bus.Subscribe(Topic, message =>
        {
            if (message.Id == "*")
            {
                _entries.Clear();
            }
            else
            {
                _entries.TryRemove(message.Id, out _);
            }
        });
    }

    public bool TryGet(string clientId, out OAuthApplication? application)
    {
        if (_entries.TryGetValue(clientId, out var entry) && entry.Expires > _time.GetUtcNow())
        {
            application = entry.Application;
            return true;
        }

        application = null;
        return false;
    }

    public void Set(string clientId, OAuthApplication? application)
    {
        if (_entries.Count > 50_000)
        {
            _entries.Clear();
        }

        _entries[clientId] = (application, _time.GetUtcNow() + Lifetime);
    }

    public void Dispose() => _subscription.Dispose();
}
