namespace Notarial.Portal.Tests.Infrastructure;

/// <summary>Waits (real time, bounded) for something another process or a background sender does on its own schedule
/// (a plugin, a webhook delivery): an event awaited, not time passing in the app.</summary>
public static class Until
{
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        var value = await read();
        while (!done(value) && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
            value = await read();
        }

        Assert.True(done(value), $"Timed out waiting for {what}; last seen: {value}");
        return value;
    }

    public static Task<T> ThatAsync<T>(Func<T> read, Func<T, bool> done, string what, TimeSpan? timeout = null) =>
        ValueAsync(() => Task.FromResult(read()), done, what, timeout);
}
