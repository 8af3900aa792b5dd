using Notarial.Portal.Tests.Infrastructure.ScaleOut;

namespace Notarial.Portal.Tests.Features.ScaleOut;

/// <summary>
/// Two portal instances (two Kestrel servers in this process) on one PostgreSQL database and one Redis, with the same
/// public issuer, as behind a load balancer. A starts first (it migrates and makes the first signing key), then B.
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    public const string Issuer = "https://portal.cluster.test/";

    public PostgreSqlPortalApp A { get; private set; } = default!;

    public PostgreSqlPortalApp B { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        var servers = await ScaleOutServers.GetAsync();
        var database = await servers.CreateDatabaseAsync();
        A = new PostgreSqlPortalApp(database, redis: true, issuer: Issuer);
        await A.InitializeAsync();
        B = new PostgreSqlPortalApp(database, redis: true, issuer: Issuer);
        await B.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class TwoInstancesCollection : ICollectionFixture<TwoInstances>
{
    public const string Name = "two instances on PostgreSQL and Redis";
}
