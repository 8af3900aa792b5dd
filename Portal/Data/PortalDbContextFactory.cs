using Microsoft.EntityFrameworkCore;

namespace Notarial.Portal.Data;

/// <summary>Creates the provider's derived context behind the <see cref="PortalDbContext"/> type everything else uses.</summary>
public sealed class PortalDbContextFactory(DbContextOptions<PortalDbContext> options) : IDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext() => new SqlitePortalDbContext(options);
}
