using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Audit;

namespace Notarial.Portal.Tests.Features.Audit;

public static class AuditTestExtensions
{
    /// <summary>Waits until every request answered so far has its audit row written (no sleeping).</summary>
    public static Task FlushAuditAsync(this PortalApp app) =>
        app.Services.GetRequiredService<AuditWriter>().FlushAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

    public static async Task<List<AuditLogEntry>> AuditRowsAsync(this PortalApp app, Func<IQueryable<AuditLogEntry>, IQueryable<AuditLogEntry>> where)
    {
        await app.FlushAuditAsync();
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await where(db.AuditLog.AsNoTracking()).OrderBy(e => e.Id).ToListAsync();
    }

    public static async Task<AuditLogEntry> AuditRowAsync(this PortalApp app, HttpResponseMessage response)
    {
        var id = response.Headers.GetValues("X-Request-ID").Single();
        return Assert.Single(await app.AuditRowsAsync(q => q.Where(e => e.RequestId == id)));
    }

    public static async Task<T> InDbAsync<T>(this PortalApp app, Func<PortalDbContext, Task<T>> read)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await read(db);
    }
}
