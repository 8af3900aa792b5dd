using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Notarial.Portal.Features.Webhooks;

public enum WebhookDeliveryState
{
    /// <summary>Waiting for its first attempt or a retry.</summary>
    Pending,

    Succeeded,

    /// <summary>A final answer (4xx other than 408 and 429, a redirect, a refused destination) or retries exhausted.</summary>
    Failed,
}

/// <summary>
/// One event on its way to one endpoint. A sender claims it with a lease (<see cref="LeaseToken"/> until
/// <see cref="LeaseUntil"/>), so several workers — on one instance or several — never send the same attempt twice;
/// a worker that dies mid-attempt leaves a lease that simply runs out.
/// </summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; set; }

    public string EventId { get; set; } = "";

    public WebhookEvent? Event { get; set; }

    public Guid EndpointId { get; set; }

    public WebhookEndpoint? Endpoint { get; set; }

    public WebhookDeliveryState State { get; set; }

    public int AttemptCount { get; set; }

    /// <summary>When the next attempt is due; null once the delivery is done.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    public Guid? LeaseToken { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }

    public int? LastStatusCode { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.EventId).HasMaxLength(40);
        builder.Property(d => d.State).HasMaxLength(16).HasConversion<string>();
        builder.Property(d => d.LastError).HasMaxLength(500);
        builder.HasIndex(d => new { d.State, d.NextAttemptAt });
        builder.HasIndex(d => new { d.EndpointId, d.CreatedAt });
        // The sender's look for due work per endpoint: a seek per endpoint, however long the backlog.
        builder.HasIndex(d => new { d.EndpointId, d.State, d.NextAttemptAt });
        builder.HasIndex(d => d.LeaseToken);
        builder.HasOne(d => d.Event).WithMany().HasForeignKey(d => d.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(d => d.Endpoint).WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
    }
}
