using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notarial.Portal.Features.Accounts;

namespace Notarial.Portal.Features.Webhooks;

/// <summary>
/// A URL that receives the owner's events of one environment, signed with the endpoint's secret. The secret is kept
/// encrypted with Data Protection (the server must read it back to sign), never in plain text.
/// </summary>
public sealed class WebhookEndpoint
{
    public Guid Id { get; set; }

    /// <summary>The account whose events it receives (<see cref="PortalUser"/> id).</summary>
    public string OwnerId { get; set; } = "";

    /// <summary>The OAuth application it belongs to, when registered from an application's page; null for account-wide ones.</summary>
    public string? ApplicationId { get; set; }

    public string Url { get; set; } = "";

    public string? Description { get; set; }

    /// <summary>Subscribed event types, separated by spaces, in catalog order.</summary>
    public string Events { get; set; } = "";

    /// <summary>"live" or "test": which environment's events it receives.</summary>
    public string Environment { get; set; } = "";

    /// <summary>The signing secret, protected by <see cref="WebhookSecrets"/>.</summary>
    public string ProtectedSecret { get; set; } = "";

    /// <summary>What a person recognises the secret by: <c>whsec_Ab3d…</c>.</summary>
    public string SecretHint { get; set; } = "";

    public DateTimeOffset SecretCreatedAt { get; set; }

    /// <summary>The secret replaced by the last rotation; it still signs until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousProtectedSecret { get; set; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Set when the owner disabled it, or when it failed for too long; nothing is sent while set.</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    public string? DisabledReason { get; set; }

    /// <summary>The first failed attempt since the last success; null while it is healthy.</summary>
    public DateTimeOffset? FailingSince { get; set; }

    public DateTimeOffset? LastSuccessAt { get; set; }

    public IReadOnlyList<string> EventList => Events.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public bool Subscribes(string type) => type == WebhookEventTypes.Test || EventList.Contains(type, StringComparer.Ordinal);

    /// <summary>Whether the previous secret still signs at <paramref name="now"/>.</summary>
    public bool HasPreviousSecretAt(DateTimeOffset now) => PreviousProtectedSecret is not null && PreviousSecretExpiresAt > now;
}

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.ToTable("webhook_endpoints");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.OwnerId).HasMaxLength(64);
        builder.Property(e => e.ApplicationId).HasMaxLength(64);
        builder.Property(e => e.Url).HasMaxLength(WebhookRules.MaxUrlLength);
        builder.Property(e => e.Description).HasMaxLength(WebhookRules.MaxDescriptionLength);
        builder.Property(e => e.Events).HasMaxLength(2000);
        builder.Property(e => e.Environment).HasMaxLength(8);
        builder.Property(e => e.ProtectedSecret).HasMaxLength(2000);
        builder.Property(e => e.PreviousProtectedSecret).HasMaxLength(2000);
        builder.Property(e => e.SecretHint).HasMaxLength(32);
        builder.Property(e => e.DisabledReason).HasMaxLength(500);
        builder.Ignore(e => e.EventList);
        builder.HasIndex(e => new { e.OwnerId, e.Environment, e.Url }).IsUnique();
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(e => e.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
