using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notarial.Portal.Features.Accounts;

namespace Notarial.Portal.Features.Invoices;

public enum InvoiceStatus
{
    Draft,
    Open,
    Paid,
    Void,
}

/// <summary>An invoice of an account, in the live or the test environment. Read-only through the API.</summary>
public sealed class Invoice
{
    public string Id { get; set; } = "";

    public string AccountId { get; set; } = "";

    public string Environment { get; set; } = "";

    public string Number { get; set; } = "";

    public string? OrderId { get; set; }

    public InvoiceStatus Status { get; set; }

    public long AmountCents { get; set; }

    public string Currency { get; set; } = "EUR";

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset? PaidAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> builder)
    {
        builder.ToTable("invoices");
        builder.Property(i => i.Id).HasMaxLength(32);
        builder.Property(i => i.AccountId).HasMaxLength(450);
        builder.Property(i => i.Environment).HasMaxLength(8);
        builder.Property(i => i.Number).HasMaxLength(32);
        builder.Property(i => i.OrderId).HasMaxLength(32);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.Currency).HasMaxLength(3);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(i => i.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => new { i.AccountId, i.Environment, i.CreatedAt, i.Id });
    }
}
