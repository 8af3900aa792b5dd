namespace Notarial.Portal.Features.Audit;

/// <summary>
/// Where batches of audit records go: the raw rows and the hourly rollups they add to, in one transaction per batch.
/// <see cref="SqlAuditStore"/> serves SQLite (and any provider with INSERT … ON CONFLICT); a PostgreSQL deployment may
/// swap in a COPY-based store without touching the queue or the writer.
/// </summary>
public interface IAuditStore
{
    Task WriteAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken);
}
