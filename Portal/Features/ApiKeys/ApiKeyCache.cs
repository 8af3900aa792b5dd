using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Caching;

namespace Notarial.Portal.Features.ApiKeys;

/// <summary>
/// Verified keys by hash, for the whole process, so that authenticating a request does not touch the database.
/// <list type="bullet">
/// <item>An entry is read from the database on a miss and served for at most <see cref="ApiKeyOptions.CacheSeconds"/>
/// (≤ 30 s): the bound on how long a lost invalidation message can matter.</item>
/// <item>Every change to a key (revoke, rotate, update) and every deleted account is announced on the
/// <see cref="IInvalidationBus"/> (topics <see cref="Topic"/> and <see cref="UserTopic"/>); this cache drops the entries at once.</item>
/// <item>Time-based ends (expiry, the end of a rotation grace) need no message: the entry carries them and the verifier
/// compares them with the clock on every request.</item>
/// <item>A generation counter keeps a load that raced with an invalidation from putting stale data back.</item>
/// <item>Hashes that match no key are remembered briefly (<see cref="ApiKeyOptions.UnknownKeyCacheSeconds"/>); both maps are bounded.</item>
/// </list>
/// </summary>
public sealed class ApiKeyCache : IDisposable
{
    /// <summary>Invalidation topic for one key; the message id is the key id.</summary>
    public const string Topic = "api_key";

    /// <summary>Invalidation topic for an account (deleted, locked...); the message id is the user id.</summary>
    public const string UserTopic = PortalUserManager.UserTopic;

    private readonly ConcurrentDictionary<ApiKeyHash, Entry> _entries = new();
    private readonly ConcurrentDictionary<ApiKeyHash, long> _unknown = new();
    private readonly IDbContextFactory<PortalDbContext> _contexts;
    private readonly TimeProvider _time;
    private readonly long _freshTicks;
    private readonly long _unknownTicks;
    private readonly int _capacity;
    private readonly IDisposable[] _subscriptions;
    private long _generation;
    private int _count;
    private int _unknownCount;
    private int _evicting;

    public ApiKeyCache(IDbContextFactory<PortalDbContext> contexts, TimeProvider time, IOptions<ApiKeyOptions> options, IInvalidationBus bus)
    {
        _contexts = contexts;
        _time = time;
        _freshTicks = (long)(options.Value.CacheSeconds * (double)time.TimestampFrequency);
        _unknownTicks = (long)(options.Value.UnknownKeyCacheSeconds * (double)time.TimestampFrequency);
        _capacity = options.Value.CacheSize;
        _subscriptions =
        [
            bus.Subscribe(Topic, message =>
            {
                if (Guid.TryParse(message.Id, out var id))
                {
                    Invalidate(entry => entry.Id == id);
                }
            }),
            bus.Subscribe(UserTopic, message => Invalidate(entry => entry.OwnerId == message.Id)),
        ];
    }

    /// <summary>How many verified keys are held (approximate under concurrency).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The key with this hash, from memory when fresh, else from the database; null when there is none.</summary>
    public ValueTask<VerifiedApiKey?> FindAsync(ApiKeyHash hash, CancellationToken cancellationToken = default)
    {
        var now = _time.GetTimestamp();
        if (_entries.TryGetValue(hash, out var entry) && now < entry.FreshUntil)
        {
            return ValueTask.FromResult<VerifiedApiKey?>(entry.Key);
        }

        if (_unknown.TryGetValue(hash, out var unknownUntil) && now < unknownUntil)
        {
            return ValueTask.FromResult<VerifiedApiKey?>(null);
        }

        return new ValueTask<VerifiedApiKey?>(LoadAsync(hash, cancellationToken));
    }

    /// <summary>Forgets everything (tests, and a Redis reconnect that may have missed messages).</summary>
    public void Clear() => Invalidate(_ => true);

    public void Dispose()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
    }

    private async Task<VerifiedApiKey?> LoadAsync(ApiKeyHash hash, CancellationToken cancellationToken)
    {
        var generation = Interlocked.Read(ref _generation);
        var bytes = hash.ToArray();
        ApiKey? row;
        await using (var db = await _contexts.CreateDbContextAsync(cancellationToken))
        {
            row = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Hash == bytes, cancellationToken);
        }

        var now = _time.GetTimestamp();
        if (row is null)
        {
            RememberUnknown(hash, now);
            return null;
        }

        var key = new VerifiedApiKey(row);
        var entry = new Entry(key, now + _freshTicks);
        if (Interlocked.Read(ref _generation) != generation)
        {
            return key; // An invalidation ran while we read: answer this request, but do not keep what may be stale.
        }

        Store(hash, entry);

        // An invalidation between the check above and the store: it may have scanned before the entry was there.
        if (Interlocked.Read(ref _generation) != generation && _entries.TryRemove(KeyValuePair.Create(hash, entry)))
        {
            Interlocked.Decrement(ref _count);
        }

        return key;
    }

    private void Store(ApiKeyHash hash, Entry entry)
    {
        if (_entries.TryAdd(hash, entry))
        {
            if (Interlocked.Increment(ref _count) > _capacity)
            {
                Evict();
            }
        }
        else
        {
            _entries[hash] = entry;
        }

        if (_unknown.TryRemove(hash, out _))
        {
            Interlocked.Decrement(ref _unknownCount);
        }
    }

    private void RememberUnknown(ApiKeyHash hash, long now)
    {
        if (_unknownTicks <= 0)
        {
            return;
        }

        var limit = Math.Max(100, _capacity / 10);
        if (Volatile.Read(ref _unknownCount) >= limit)
        {
            foreach (var (stale, until) in _unknown)
            {
                if (until <= now && _unknown.TryRemove(stale, out _))
                {
                    Interlocked.Decrement(ref _unknownCount);
                }
            }

            if (Volatile.Read(ref _unknownCount) >= limit)
            {
                return; // Full of recent unknown hashes (someone is guessing): those go to the database, rate limited upstream.
            }
        }

        if (_unknown.TryAdd(hash, now + _unknownTicks))
        {
            Interlocked.Increment(ref _unknownCount);
        }
    }

    /// <summary>Drops stale entries, then arbitrary ones, down to 90 % of the capacity. One thread at a time.</summary>
    private void Evict()
    {
        if (Interlocked.Exchange(ref _evicting, 1) == 1)
        {
            return;
        }

        try
        {
            var now = _time.GetTimestamp();
            var target = _capacity * 9 / 10;
            foreach (var (hash, entry) in _entries)
            {
                if (entry.FreshUntil <= now)
                {
                    Remove(hash, entry);
                }
            }

            foreach (var (hash, entry) in _entries)
            {
                if (Volatile.Read(ref _count) <= target)
                {
                    break;
                }

                Remove(hash, entry);
            }
        }
        finally
        {
            Volatile.Write(ref _evicting, 0);
        }
    }

    private void Invalidate(Func<VerifiedApiKey, bool> match)
    {
        Interlocked.Increment(ref _generation);
        foreach (var (hash, entry) in _entries)
        {
            if (match(entry.Key))
            {
                Remove(hash, entry);
            }
        }
    }

    private void Remove(ApiKeyHash hash, Entry entry)
    {
        if (_entries.TryRemove(KeyValuePair.Create(hash, entry)))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private sealed record Entry(VerifiedApiKey Key, long FreshUntil);
}
