using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Notarial.Portal.Data;

/// <summary>Lets `dotnet ef migrations add X --context SqlitePortalDbContext` build the model without the host.</summary>
public sealed class DesignTimeSqliteContextFactory : IDesignTimeDbContextFactory<SqlitePortalDbContext>
{
    public SqlitePortalDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PortalDbContext>()
            .UseSqlite("Data Source=design-time.db")
            .Options;
        return new SqlitePortalDbContext(options);
    }
}
