using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Notarial.Portal.Data;

/// <summary>Creates the provider's derived context behind the <see cref="PortalDbContext"/> type everything else uses.</summary>
public sealed class PortalDbContextFactory : IDbContextFactory<PortalDbContext>
{
    private readonly DbContextOptions<PortalDbContext> _options;
    private readonly bool _postgreSql;

    /// <summary>A factory of SQLite contexts (tests that build options by hand).</summary>
    public PortalDbContextFactory(DbContextOptions<PortalDbContext> options)
        : this(options, Options.Create(new DatabaseOptions()))
    {
    }

    [ActivatorUtilitiesConstructor]
    public PortalDbContextFactory(DbContextOptions<PortalDbContext> options, IOptions<DatabaseOptions> database)
    {
        _options = options;
        _postgreSql = database.Value.Provider == DatabaseProvider.PostgreSql;
    }

    public PortalDbContext CreateDbContext() => _postgreSql ? new PostgreSqlPortalDbContext(_options) : new SqlitePortalDbContext(_options);
}
