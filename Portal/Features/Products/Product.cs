using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notarial.Portal.Features.Accounts;

namespace Notarial.Portal.Features.Products;

/// <summary>A product or service an account sells (seed 002 reads <c>id, name, price, stock</c>), live or test.</summary>
public sealed class Product
{
    public string Id { get; set; } = "";

    public string AccountId { get; set; } = "";

    /// <summary>"live" or "test": a credential of one environment never sees the other's records.</summary>
    public string Environment { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>The account's own code for the product; optional, unique per account and environment when set.</summary>
    public string? Sku { get; set; }

    public string? Description { get; set; }

    /// <summary>Minor units (cents), so sums and sorts are exact on every database.</summary>
    public long PriceCents { get; set; }

    public string Currency { get; set; } = "EUR";

    public int Stock { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable("products");
        builder.Property(p => p.Id).HasMaxLength(32);
        builder.Property(p => p.AccountId).HasMaxLength(450);
        builder.Property(p => p.Environment).HasMaxLength(8);
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Sku).HasMaxLength(64);
        builder.Property(p => p.Description).HasMaxLength(2000);
        builder.Property(p => p.Currency).HasMaxLength(3);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(p => p.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.AccountId, p.Environment, p.CreatedAt, p.Id });
        builder.HasIndex(p => new { p.AccountId, p.Environment, p.Name });
        builder.HasIndex(p => new { p.AccountId, p.Environment, p.Sku }).IsUnique();
    }
}
