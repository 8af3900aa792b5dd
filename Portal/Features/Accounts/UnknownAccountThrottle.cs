using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Notarial.Portal.Features.Accounts;

/// <summary>
/// Failed sign-ins for addresses that have no account are counted like those of real accounts, so after the same number
/// of attempts the same "locked" answer appears. Without it, the lockout message itself tells which addresses exist.
/// </summary>
public sealed class UnknownAccountThrottle(IOptions<IdentityOptions> identityOptions, TimeProvider time)
{
    private readonly MemoryCache _failures = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    private sealed class Entry
    {
        public int Count;
        public DateTimeOffset? LockedUntil;
    }

    public bool IsLockedOut(string normalizedEmail) =>
        _failures.TryGetValue(normalizedEmail, out Entry? entry) && entry!.LockedUntil > time.GetUtcNow();

    /// <summary>Counts a failure; returns true when this address is now locked out.</summary>
    public bool RecordFailure(string normalizedEmail)
    {
        var lockout = identityOptions.Value.Lockout;
        var entry = _failures.GetOrCreate(normalizedEmail, e =>
        {
            e.Size = 1;
            e.SlidingExpiration = lockout.DefaultLockoutTimeSpan * 2;
            return new Entry();
        })!;

        lock (entry)
        {
            var now = time.GetUtcNow();
            if (entry.LockedUntil is { } until && until <= now)
            {
                entry.LockedUntil = null;
                entry.Count = 0;
            }

            if (++entry.Count >= lockout.MaxFailedAccessAttempts)
            {
                entry.LockedUntil ??= now + lockout.DefaultLockoutTimeSpan;
            }

            return entry.LockedUntil > now;
        }
    }
}
