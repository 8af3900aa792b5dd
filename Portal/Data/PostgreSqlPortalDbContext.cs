using Microsoft.EntityFrameworkCore;

namespace Notarial.Portal.Data;

/// <summary>The PostgreSQL flavour of the portal's database (several instances); its migrations live in Data/Migrations/PostgreSql.</summary>
public sealed class PostgreSqlPortalDbContext(DbContextOptions options) : PortalDbContext(options)
{
}
