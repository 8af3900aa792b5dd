using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Notarial.Portal.Features.Audit;

/// <summary>
/// One credential's requests in one hour (<c>usage_rollups</c>): counts by status class, latency as fixed buckets
/// (<see cref="LatencyHistogram"/>), bytes. Every column adds up, so the writer upserts a batch's sums and a chart sums rows
/// of any range — its cost follows hours × credentials, never the number of requests. Error codes, endpoints, client
/// addresses and used scopes of the same hour are in <see cref="UsageRollupDimension"/>.
/// </summary>
public sealed class UsageRollup
{
    public long Id { get; set; }

    public DateTimeOffset HourStart { get; set; }

    /// <summary>The account whose data was reached; "" when no credential was recognised.</summary>
    public string AccountId { get; set; } = "";

    /// <summary>See <see cref="UsageCredential"/>.</summary>
    public string CredentialKind { get; set; } = "";

    public string CredentialId { get; set; } = "";

    public string Environment { get; set; } = "";

    public long Requests { get; set; }

    public long Status2xx { get; set; }

    public long Status3xx { get; set; }

    public long Status4xx { get; set; }

    public long Status5xx { get; set; }

    public double LatencyTotalMs { get; set; }

    public long ResponseBytes { get; set; }

    public long LatencyLe1Ms { get; set; }

    public long LatencyLe2Ms { get; set; }

    public long LatencyLe5Ms { get; set; }

    public long LatencyLe10Ms { get; set; }

    public long LatencyLe25Ms { get; set; }

    public long LatencyLe50Ms { get; set; }

    public long LatencyLe100Ms { get; set; }

    public long LatencyLe250Ms { get; set; }

    public long LatencyLe500Ms { get; set; }

    public long LatencyLe1000Ms { get; set; }

    public long LatencyLe2500Ms { get; set; }

    public long LatencyLe5000Ms { get; set; }

    public long LatencyOver5000Ms { get; set; }

    /// <summary>The latency columns in <see cref="LatencyHistogram"/> order, as SQL names them.</summary>
    public static readonly string[] LatencyColumns =
    [
        nameof(LatencyLe1Ms), nameof(LatencyLe2Ms), nameof(LatencyLe5Ms), nameof(LatencyLe10Ms), nameof(LatencyLe25Ms),
        nameof(LatencyLe50Ms), nameof(LatencyLe100Ms), nameof(LatencyLe250Ms), nameof(LatencyLe500Ms), nameof(LatencyLe1000Ms),
        nameof(LatencyLe2500Ms), nameof(LatencyLe5000Ms), nameof(LatencyOver5000Ms),
    ];

    public long[] GetLatencyBuckets() =>
    [
        LatencyLe1Ms, LatencyLe2Ms, LatencyLe5Ms, LatencyLe10Ms, LatencyLe25Ms, LatencyLe50Ms, LatencyLe100Ms, LatencyLe250Ms,
        LatencyLe500Ms, LatencyLe1000Ms, LatencyLe2500Ms, LatencyLe5000Ms, LatencyOver5000Ms,
    ];

    public void AddLatency(int bucket)
    {
        switch (bucket)
        {
            case 0: LatencyLe1Ms++; break;
            case 1: LatencyLe2Ms++; break;
            case 2: LatencyLe5Ms++; break;
            case 3: LatencyLe10Ms++; break;
            case 4: LatencyLe25Ms++; break;
            case 5: LatencyLe50Ms++; break;
            case 6: LatencyLe100Ms++; break;
            case 7: LatencyLe250Ms++; break;
            case 8: LatencyLe500Ms++; break;
            case 9: LatencyLe1000Ms++; break;
            case 10: LatencyLe2500Ms++; break;
            case 11: LatencyLe5000Ms++; break;
            default: LatencyOver5000Ms++; break;
        }
    }
}

internal sealed class UsageRollupConfiguration : IEntityTypeConfiguration<UsageRollup>
{
    public void Configure(EntityTypeBuilder<UsageRollup> builder)
    {
        builder.ToTable("usage_rollups");
        builder.Property(e => e.AccountId).HasMaxLength(64);
        builder.Property(e => e.CredentialKind).HasMaxLength(16);
        builder.Property(e => e.CredentialId).HasMaxLength(128);
        builder.Property(e => e.Environment).HasMaxLength(8);

        // The upsert's conflict target, and the per-credential chart's index (credential first).
        builder.HasIndex(e => new { e.CredentialId, e.HourStart, e.CredentialKind, e.AccountId, e.Environment }).IsUnique();
        // The per-account chart (and admins' per-account views).
        builder.HasIndex(e => new { e.AccountId, e.HourStart });
        // Retention, and platform-wide charts.
        builder.HasIndex(e => e.HourStart);
    }
}
