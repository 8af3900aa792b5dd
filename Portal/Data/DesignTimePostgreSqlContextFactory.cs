using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Notarial.Portal.Data;

/// <summary>Lets `dotnet ef migrations add X --context PostgreSqlPortalDbContext` build the model without the host or a server.</summary>
public sealed class DesignTimePostgreSqlContextFactory : IDesignTimeDbContextFactory<PostgreSqlPortalDbContext>
{
    public PostgreSqlPortalDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PortalDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=design_time")
            .Options;
        return new PostgreSqlPortalDbContext(options);
    }
}
