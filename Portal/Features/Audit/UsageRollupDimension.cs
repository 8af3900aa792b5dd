using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Notarial.Portal.Features.Audit;

/// <summary>
/// Counts by one more dimension of a <see cref="UsageRollup"/> hour (<c>usage_rollup_dimensions</c>): per endpoint, per
/// error code, per client address (distinct addresses are the distinct values), per scope used. Client addresses are
/// counted per day (<see cref="HourStart"/> is then the day's start): a busy key meets dozens of addresses every hour, and
/// hourly rows of them made a 30-day report read ten times more rows than everything else together.
/// </summary>
public sealed class UsageRollupDimension
{
    public long Id { get; set; }

    public DateTimeOffset HourStart { get; set; }

    public string AccountId { get; set; } = "";

    public string CredentialKind { get; set; } = "";

    public string CredentialId { get; set; } = "";

    public string Environment { get; set; } = "";

    /// <summary><see cref="UsageDimensions"/>.</summary>
    public string Dimension { get; set; } = "";

    public string Value { get; set; } = "";

    public long Count { get; set; }
}

/// <summary>The dimensions of <see cref="UsageRollupDimension"/>.</summary>
public static class UsageDimensions
{
    /// <summary>"GET /api/v1/orders/{id}".</summary>
    public const string Endpoint = "endpoint";

    public const string ErrorCode = "error";

    /// <summary>Counted per UTC day, not per hour.</summary>
    public const string IpAddress = "ip";

    /// <summary>The scope an endpoint needed, counted when the credential was allowed through.</summary>
    public const string Scope = "scope";

    /// <summary>The <c>X-Client-Version</c> of the requests: the usage page's "client versions calling".</summary>
    public const string ClientVersion = "client_version";
}

internal sealed class UsageRollupDimensionConfiguration : IEntityTypeConfiguration<UsageRollupDimension>
{
    public void Configure(EntityTypeBuilder<UsageRollupDimension> builder)
    {
        builder.ToTable("usage_rollup_dimensions");
        builder.Property(e => e.AccountId).HasMaxLength(64);
        builder.Property(e => e.CredentialKind).HasMaxLength(16);
        builder.Property(e => e.CredentialId).HasMaxLength(128);
        builder.Property(e => e.Environment).HasMaxLength(8);
        builder.Property(e => e.Dimension).HasMaxLength(16);
        builder.Property(e => e.Value).HasMaxLength(AuditLimits.DimensionValue);
        builder.HasIndex(e => new { e.CredentialId, e.HourStart, e.CredentialKind, e.AccountId, e.Environment, e.Dimension, e.Value }).IsUnique();
        // Covers the per-account report: its GROUP BY reads the index alone, never the table (client addresses make this
        // the biggest rollup table: one row per address per credential per hour).
        builder.HasIndex(e => new { e.AccountId, e.HourStart, e.CredentialId, e.CredentialKind, e.Environment, e.Dimension, e.Value, e.Count });
        builder.HasIndex(e => e.HourStart);
    }
}
