using System.Collections.Concurrent;
using System.Net;

namespace Notarial.Portal.Features.ApiKeys;

/// <summary>
/// "Last used" without a database write per request: each successful verification stamps a per-key slot in memory (a few
/// plain writes, skipped when the same address used the key within the last second), and
/// <see cref="ApiKeyUsageFlusher"/> writes the stamped slots in one transaction every few seconds and at shutdown.
/// </summary>
public sealed class ApiKeyUsageTracker(TimeProvider time)
{
    private static readonly TimeSpan IdleSlotLifetime = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<Guid, Slot> _slots = new();

    public void Record(Guid keyId, IPAddress? address, DateTimeOffset at)
    {
        if (!_slots.TryGetValue(keyId, out var slot))
        {
            slot = _slots.GetOrAdd(keyId, static _ => new Slot());
        }

        var ticks = at.UtcTicks;
        if (Volatile.Read(ref slot.Dirty) == 1 && ticks - Volatile.Read(ref slot.Ticks) < TimeSpan.TicksPerSecond && Equals(slot.Address, address))
        {
            return;
        }

        slot.Address = address;
        Volatile.Write(ref slot.Ticks, ticks);
        Volatile.Write(ref slot.Dirty, 1);
    }

    /// <summary>The latest use seen by this instance and not yet known to be written, for pages that must look current.</summary>
    public ApiKeyUsage? Pending(Guid keyId) =>
        _slots.TryGetValue(keyId, out var slot) && Volatile.Read(ref slot.Ticks) > 0 ? slot.ToUsage() : null;

    /// <summary>Takes the uses recorded since the last call; forgets slots idle for long.</summary>
    public IReadOnlyList<KeyValuePair<Guid, ApiKeyUsage>> Drain()
    {
        var drained = new List<KeyValuePair<Guid, ApiKeyUsage>>();
        var idleBefore = (time.GetUtcNow() - IdleSlotLifetime).UtcTicks;
        foreach (var (id, slot) in _slots)
        {
            if (Interlocked.Exchange(ref slot.Dirty, 0) == 1)
            {
                drained.Add(KeyValuePair.Create(id, slot.ToUsage()));
            }
            else if (Volatile.Read(ref slot.Ticks) < idleBefore)
            {
                _slots.TryRemove(KeyValuePair.Create(id, slot));
            }
        }

        return drained;
    }

    /// <summary>Puts back uses that could not be written, unless a newer one arrived meanwhile.</summary>
    public void Requeue(IEnumerable<KeyValuePair<Guid, ApiKeyUsage>> usages)
    {
        foreach (var (id, usage) in usages)
        {
            var slot = _slots.GetOrAdd(id, static _ => new Slot());
            if (Volatile.Read(ref slot.Ticks) <= usage.At.UtcTicks)
            {
                Volatile.Write(ref slot.Dirty, 1);
            }
        }
    }

    private sealed class Slot
    {
        public long Ticks;
        public IPAddress? Address;
        public int Dirty;

        public ApiKeyUsage ToUsage()
        {
            var address = Address;
            if (address is { IsIPv4MappedToIPv6: true })
            {
                address = address.MapToIPv4();
            }

            return new ApiKeyUsage(new DateTimeOffset(Volatile.Read(ref Ticks), TimeSpan.Zero), address?.ToString());
        }
    }
}
