using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notarial.Portal.Features.Accounts;

namespace Notarial.Portal.Features.Orders;

public enum OrderStatus
{
    Draft,
    Pending,
    Confirmed,
    Completed,
    Cancelled,
}

/// <summary>A notarial order of an account, in the live or the test environment.</summary>
public sealed class Order
{
    public string Id { get; set; } = "";

    public string AccountId { get; set; } = "";

    /// <summary>"live" or "test": a credential of one environment never sees the other's records.</summary>
    public string Environment { get; set; } = "";

    /// <summary>Human reference, unique per account and environment.</summary>
    public string Number { get; set; } = "";

    public OrderStatus Status { get; set; }

    public string CustomerName { get; set; } = "";

    public string? CustomerEmail { get; set; }

    /// <summary>The notarial service ordered ("Power of attorney", "Property deed"...).</summary>
    public string Service { get; set; } = "";

    /// <summary>Minor units (cents), so sums and sorts are exact on every database.</summary>
    public long AmountCents { get; set; }

    public string Currency { get; set; } = "EUR";

    public DateTimeOffset? ScheduledFor { get; set; }

    public string? Notes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.ToTable("orders");
        builder.Property(o => o.Id).HasMaxLength(32);
        builder.Property(o => o.AccountId).HasMaxLength(450);
        builder.Property(o => o.Environment).HasMaxLength(8);
        builder.Property(o => o.Number).HasMaxLength(32);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.CustomerName).HasMaxLength(200);
        builder.Property(o => o.CustomerEmail).HasMaxLength(256);
        builder.Property(o => o.Service).HasMaxLength(100);
        builder.Property(o => o.Currency).HasMaxLength(3);
        builder.Property(o => o.Notes).HasMaxLength(2000);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(o => o.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(o => new { o.AccountId, o.Environment, o.CreatedAt, o.Id });
        builder.HasIndex(o => new { o.AccountId, o.Environment, o.Status });
        builder.HasIndex(o => new { o.AccountId, o.Environment, o.Number }).IsUnique();
    }
}
