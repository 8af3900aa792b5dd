namespace Notarial.Portal.Tests.Infrastructure;

/// <summary>
/// The server's clock in tests: real time plus an offset that tests move forward. Unlike a frozen fake clock, the
/// framework's own timers (SignalR keep-alives, Blazor circuits) keep running, so a live server stays healthy while a
/// test jumps days ahead.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private long _offsetTicks;
    private long _frozenTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow()
    {
        var frozen = Interlocked.Read(ref _frozenTicks);
        return frozen != 0 ? new DateTimeOffset(frozen, TimeSpan.Zero) + Offset : System.GetUtcNow() + Offset;
    }

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <summary>Stops the clock (timers keep running on real time) until <see cref="Unfreeze"/>, for tests about
    /// "within the same second". Starts at the beginning of the current second.</summary>
    public void Freeze()
    {
        var now = System.GetUtcNow();
        Interlocked.Exchange(ref _frozenTicks, now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond));
    }

    public void Unfreeze() => Interlocked.Exchange(ref _frozenTicks, 0);
}
