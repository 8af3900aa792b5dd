using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Notarial.Portal.Features.Webhooks;

/// <summary>
/// One event of the outbox: written in the same transaction as the change that caused it, with its body already
/// serialized (the exact bytes every attempt sends and signs), so a crash or a restart loses none.
/// </summary>
public sealed class WebhookEvent
{
    /// <summary>evt_..., the same in every attempt, so receivers can deduplicate.</summary>
    public string Id { get; set; } = "";

    public string OwnerId { get; set; } = "";

    public string Environment { get; set; } = "";

    public string Type { get; set; } = "";

    /// <summary>The compact JSON body (<see cref="WebhookJson"/>).</summary>
    public string Payload { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEvent>
{
    public void Configure(EntityTypeBuilder<WebhookEvent> builder)
    {
        builder.ToTable("webhook_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(40);
        builder.Property(e => e.OwnerId).HasMaxLength(64);
        builder.Property(e => e.Environment).HasMaxLength(8);
        builder.Property(e => e.Type).HasMaxLength(64);
        builder.HasIndex(e => new { e.OwnerId, e.CreatedAt });
    }
}
