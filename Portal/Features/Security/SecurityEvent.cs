using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Notarial.Portal.Features.Security;

/// <summary>
/// A security-relevant action, kept with who did it (actor) and to whom (subject). Actor and subject are plain ids, not
/// foreign keys, so the history outlives a deleted account.
/// </summary>
public sealed class SecurityEvent
{
    public long Id { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>Dotted name, see <see cref="SecurityEventTypes"/>.</summary>
    public string Type { get; set; } = "";

    public string? ActorUserId { get; set; }

    /// <summary>The actor's email at the time, so the log reads well after the account is gone.</summary>
    public string? ActorEmail { get; set; }

    public string? SubjectUserId { get; set; }

    /// <summary>What was acted on beyond the user: "api_key", "application", "authorization"...</summary>
    public string? TargetType { get; set; }

    public string? TargetId { get; set; }

    public string? Reason { get; set; }

    /// <summary>Short free text with details; never a secret.</summary>
    public string? Details { get; set; }

    public string? IpAddress { get; set; }

    public string? UserAgent { get; set; }
}

internal sealed class SecurityEventConfiguration : IEntityTypeConfiguration<SecurityEvent>
{
    public void Configure(EntityTypeBuilder<SecurityEvent> builder)
    {
        builder.ToTable("security_events");
        builder.Property(e => e.Type).HasMaxLength(64);
        builder.Property(e => e.ActorUserId).HasMaxLength(64);
        builder.Property(e => e.ActorEmail).HasMaxLength(256);
        builder.Property(e => e.SubjectUserId).HasMaxLength(64);
        builder.Property(e => e.TargetType).HasMaxLength(32);
        builder.Property(e => e.TargetId).HasMaxLength(128);
        builder.Property(e => e.Reason).HasMaxLength(500);
        builder.Property(e => e.Details).HasMaxLength(2000);
        builder.Property(e => e.IpAddress).HasMaxLength(64);
        builder.Property(e => e.UserAgent).HasMaxLength(512);
        builder.HasIndex(e => e.OccurredAt);
        builder.HasIndex(e => new { e.SubjectUserId, e.OccurredAt });
        builder.HasIndex(e => new { e.ActorUserId, e.OccurredAt });
        builder.HasIndex(e => new { e.Type, e.OccurredAt });
        builder.HasIndex(e => new { e.TargetId, e.OccurredAt });
    }
}
