using Microsoft.Extensions.Diagnostics.HealthChecks;
using Notarial.Portal.Features.Audit;

namespace Notarial.Portal.Server.Features.Health;

/// <summary>Degraded once the audit log has lost a record (queue full, or a batch the database refused), with the
/// counts; the portal keeps serving — auditing never fails a request — but an operator must see it.</summary>
public sealed class AuditHealthCheck(IAuditQueue queue) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var c = queue.Counters;
        var data = new Dictionary<string, object>
        {
            ["queued"] = c.Queued,
            ["written"] = c.Written,
            ["waiting"] = c.Waiting,
            ["dropped"] = c.Dropped,
            ["failed"] = c.Failed,
        };
        var summary = $"{c.Written} written, {c.Waiting} waiting, {c.Dropped} dropped (queue full), {c.Failed} failed (database).";
        return Task.FromResult(c.Dropped + c.Failed > 0
            ? HealthCheckResult.Degraded("Audit records were lost: " + summary, data: data)
            : HealthCheckResult.Healthy(summary, data));
    }
}
