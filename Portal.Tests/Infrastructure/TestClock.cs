namespace Notarial.Portal.Tests.Infrastructure;

/// <summary>
/// The server's clock in tests: real time plus an offset that tests move forward. Unlike a frozen fake clock, the
/// framework's own timers (SignalR keep-alives, Blazor circuits) keep running, so a live server stays healthy while a
/// test jumps days ahead.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
