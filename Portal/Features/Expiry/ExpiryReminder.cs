using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Notarial.Portal.Features.Expiry;

/// <summary>
/// A reminder already sent: one row per credential, expiry and threshold (14, 7, 1 days; 0 for "expired"). The unique
/// index makes each reminder happen once, even with several instances running the job at the same moment.
/// </summary>
public sealed class ExpiryReminder
{
    public Guid Id { get; set; }

    /// <summary><see cref="ExpiringKinds"/>.</summary>
    public string Kind { get; set; } = "";

    public string ItemId { get; set; } = "";

    /// <summary>The expiry the reminder was about: a new expiry (a key extended) gets its own reminders.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public int ThresholdDays { get; set; }

    public DateTimeOffset SentAt { get; set; }
}

internal sealed class ExpiryReminderConfiguration : IEntityTypeConfiguration<ExpiryReminder>
{
    public void Configure(EntityTypeBuilder<ExpiryReminder> builder)
    {
        builder.ToTable("expiry_reminders");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Kind).HasMaxLength(32);
        builder.Property(r => r.ItemId).HasMaxLength(64);
        builder.HasIndex(r => new { r.Kind, r.ItemId, r.ExpiresAt, r.ThresholdDays }).IsUnique();
    }
}

/// <summary>The kinds of expiring credentials.</summary>
public static class ExpiringKinds
{
    public const string ApiKey = "api_key";
    public const string ClientSecret = "client_secret";
    public const string WebhookSecret = "webhook_secret";
}
