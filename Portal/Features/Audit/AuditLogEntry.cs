using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Notarial.Portal.Features.Audit;

/// <summary>A row of <c>audit_log</c>: one platform API request (<see cref="AuditRecord"/>). Written only by
/// <see cref="IAuditStore"/>, deleted only by <see cref="AuditRetention"/>.</summary>
public sealed class AuditLogEntry
{
    public long Id { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public string RequestId { get; set; } = "";

    public string? AccountId { get; set; }

    public string? CredentialKind { get; set; }

    public string? CredentialId { get; set; }

    public string? ClientId { get; set; }

    public string? Environment { get; set; }

    public string Method { get; set; } = "";

    public string? Route { get; set; }

    public string Path { get; set; } = "";

    public int Status { get; set; }

    public string? ErrorCode { get; set; }

    public double LatencyMs { get; set; }

    public string? IpAddress { get; set; }

    public string? UserAgent { get; set; }

    public string? Scope { get; set; }

    public long? ResponseBytes { get; set; }

    /// <summary>The request's <c>X-Client-Version</c> (seed 003).</summary>
    public string? ClientVersion { get; set; }
}

internal sealed class AuditLogEntryConfiguration : IEntityTypeConfiguration<AuditLogEntry>
{
    public void Configure(EntityTypeBuilder<AuditLogEntry> builder)
    {
        builder.ToTable("audit_log");
        builder.Property(e => e.RequestId).HasMaxLength(AuditLimits.RequestId);
        builder.Property(e => e.AccountId).HasMaxLength(64);
        builder.Property(e => e.CredentialKind).HasMaxLength(16);
        builder.Property(e => e.CredentialId).HasMaxLength(128);
        builder.Property(e => e.ClientId).HasMaxLength(128);
        builder.Property(e => e.Environment).HasMaxLength(8);
        builder.Property(e => e.Method).HasMaxLength(16);
        builder.Property(e => e.Route).HasMaxLength(AuditLimits.Route);
        builder.Property(e => e.Path).HasMaxLength(AuditLimits.Path);
        builder.Property(e => e.ErrorCode).HasMaxLength(64);
        builder.Property(e => e.IpAddress).HasMaxLength(64);
        builder.Property(e => e.UserAgent).HasMaxLength(AuditLimits.UserAgent);
        builder.Property(e => e.Scope).HasMaxLength(64);
        builder.Property(e => e.ClientVersion).HasMaxLength(AuditLimits.ClientVersion);

        // The viewer reads an account's or a credential's rows newest first; retention deletes by time. Every index is
        // an insert on every API request, so there is none on the request id: support finds the id a customer quotes
        // through the time in it (AdminRequestFilter.RequestIdWindow). Only OAuth calls have a client id: the index leaves the rest out, so API-key and session calls do not
        // pay for it (a query on "ClientId = x" or "ClientId IN (...)" implies the filter, so SQLite still uses it).
        builder.HasIndex(e => new { e.AccountId, e.OccurredAt });
        builder.HasIndex(e => new { e.CredentialId, e.OccurredAt });
        builder.HasIndex(e => new { e.ClientId, e.OccurredAt }).HasFilter("\"ClientId\" IS NOT NULL");
        builder.HasIndex(e => e.OccurredAt);
    }
}

/// <summary>Lengths the audit log keeps of what a client sends.</summary>
public static class AuditLimits
{
    public const int RequestId = 128;
    public const int Route = 200;
    public const int Path = 500;
    public const int UserAgent = 512;
    public const int ClientVersion = 64;
    public const int DimensionValue = 256;

    public static string? Cut(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
