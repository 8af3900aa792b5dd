using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Notarial.Portal.Features.Webhooks;

/// <summary>One HTTP request of a delivery, as the delivery log shows it.</summary>
public sealed class WebhookAttempt
{
    public Guid Id { get; set; }

    public Guid DeliveryId { get; set; }

    public Guid EndpointId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The receiver's status code; null when no answer came (network error, timeout, refused destination).</summary>
    public int? StatusCode { get; set; }

    public int LatencyMs { get; set; }

    public string? Error { get; set; }

    /// <summary>The first kilobyte of the answer's body.</summary>
    public string? ResponseExcerpt { get; set; }

    public bool Succeeded { get; set; }

    /// <summary>When it is tried again; null when this attempt was the last.</summary>
    public DateTimeOffset? NextRetryAt { get; set; }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> builder)
    {
        builder.ToTable("webhook_attempts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Error).HasMaxLength(500);
        builder.Property(a => a.ResponseExcerpt).HasMaxLength(WebhookSender.ExcerptChars);
        builder.HasIndex(a => new { a.DeliveryId, a.At });
        builder.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}
