using Notarial.Portal.Tests.Infrastructure.ScaleOut;

namespace Notarial.Portal.Tests.Features.ScaleOut;

/// <summary>
/// Two instances on a database of their own (and the test Redis), for tests that change what the shared
/// <see cref="TwoInstances"/> would keep (clocks, keys, a stopped instance) or that start instances in a particular way.
/// </summary>
public sealed class InstancePair : IAsyncDisposable
{
    private InstancePair(string database, PostgreSqlPortalApp a, PostgreSqlPortalApp b)
    {
        Database = database;
        A = a;
        B = b;
    }

    public string Database { get; }

    public PostgreSqlPortalApp A { get; }

    public PostgreSqlPortalApp B { get; }

    /// <summary>Starts A then B (as <see cref="TwoInstances"/> does), or both at once on the empty database.</summary>
    public static async Task<InstancePair> StartAsync(IReadOnlyDictionary<string, string>? settings = null, bool together = false)
    {
        var servers = await ScaleOutServers.GetAsync();
        var database = await servers.CreateDatabaseAsync();
        var a = new PostgreSqlPortalApp(database, redis: true, issuer: TwoInstances.Issuer, settings: settings);
        var b = new PostgreSqlPortalApp(database, redis: true, issuer: TwoInstances.Issuer, settings: settings);
        try
        {
            if (together)
            {
                // Each start blocks its thread (migrations, first keys) until the server listens: two threads, one moment.
                using var gate = new Barrier(2);
                await Task.WhenAll(
                    Task.Run(async () => { gate.SignalAndWait(); await a.InitializeAsync(); }),
                    Task.Run(async () => { gate.SignalAndWait(); await b.InitializeAsync(); }));
            }
            else
            {
                await a.InitializeAsync();
                await b.InitializeAsync();
            }
        }
        catch
        {
            await b.DisposeAsync();
            await a.DisposeAsync();
            throw;
        }

        return new InstancePair(database, a, b);
    }

    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
    }
}
