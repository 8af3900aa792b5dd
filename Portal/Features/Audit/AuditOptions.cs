using System.ComponentModel.DataAnnotations;

namespace Notarial.Portal.Features.Audit;

/// <summary>Settings of the API audit log (section "Audit").</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>Records platform API requests. Off only to measure what recording costs (bench/audit.sh).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Records waiting to be written; when full, requests still succeed and the overflow is counted.</summary>
    [Range(100, 10_000_000)]
    public int QueueCapacity { get; set; } = 200_000;

    /// <summary>Most records written in one transaction.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 2_000;

    /// <summary>Raw audit rows older than this are deleted.</summary>
    /// <summary>How long the writer lets a batch fill once a record is waiting (0: write at once). A transaction per
    /// handful of rows costs more CPU than the rows themselves; a full batch or a flush request ends the wait early.</summary>
    [Range(0, 10_000)]
    public int BatchDelayMilliseconds { get; set; } = 100;

    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 90;

    /// <summary>Hourly rollups older than this are deleted.</summary>
    [Range(1, 36500)]
    public int RollupRetentionDays { get; set; } = 730;

    /// <summary>How often the retention job runs.</summary>
    [Range(1, 10080)]
    public int RetentionIntervalMinutes { get; set; } = 60;
}
