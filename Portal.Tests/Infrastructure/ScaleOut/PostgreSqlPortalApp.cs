using Microsoft.AspNetCore.Hosting;

namespace Notarial.Portal.Tests.Infrastructure.ScaleOut;

/// <summary>
/// The portal on PostgreSQL (a database of its own on the test run's server, or a shared one for several instances) and,
/// when asked, Redis. Everything else is the SQLite <see cref="PortalApp"/>'s set-up.
/// </summary>
public class PostgreSqlPortalApp : PortalApp
{
    private readonly string? _database;
    private readonly bool _redis;
    private readonly IReadOnlyDictionary<string, string> _settings;

    public PostgreSqlPortalApp()
        : this(database: null)
    {
    }

    /// <summary>An instance on <paramref name="database"/> (several instances share one) or a new database; on an
    /// existing data directory (to test what survives a restart) or a new one.</summary>
    internal PostgreSqlPortalApp(string? database, bool redis = false, string? issuer = null, IReadOnlyDictionary<string, string>? settings = null,
        string? dataDirectory = null)
        : base(dataDirectory, issuer)
    {
        _database = database;
        _redis = redis;
        _settings = settings ?? new Dictionary<string, string>();
    }

    public string Database { get; private set; } = default!;

    public ScaleOutServers Servers { get; private set; } = default!;

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        (Servers, Database) = UsePostgreSql(builder, _database, _redis);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Points a portal at the test run's PostgreSQL (a new database unless one is named) and optionally its Redis.</summary>
    internal static (ScaleOutServers Servers, string Database) UsePostgreSql(IWebHostBuilder builder, string? database = null, bool redis = false)
    {
        var servers = ScaleOutServers.GetAsync().GetAwaiter().GetResult();
        database ??= servers.CreateDatabaseAsync().GetAwaiter().GetResult();
        builder.UseSetting("Database:Provider", "PostgreSql");
        builder.UseSetting("ConnectionStrings:Portal", servers.ConnectionString(database));
        if (redis)
        {
            builder.UseSetting("Redis:Configuration", servers.RedisConfiguration);
            builder.UseSetting("Redis:Prefix", database + ":");
        }

        return (servers, database);
    }
}

[CollectionDefinition(Name)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlPortalApp>
{
    public const string Name = "portal on PostgreSQL";
}
