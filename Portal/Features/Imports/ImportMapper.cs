using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notarial.Portal.Features.Accounts;

namespace Notarial.Portal.Features.Imports;

/// <summary>
/// How an account's CSV files map onto an entity (the <c>mapperId</c> of <c>POST /api/import</c>): which header feeds
/// which field, default values for fields a file leaves empty, and the date and decimal formats of its cells.
/// </summary>
public sealed class ImportMapper
{
    public string Id { get; set; } = "";

    public string AccountId { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>"products" or "orders".</summary>
    public string Entity { get; set; } = "";

    /// <summary>JSON object: CSV header (as written in the file, compared without case) → field name.</summary>
    public string ColumnsJson { get; set; } = "{}";

    /// <summary>JSON object: field name → value used when the file has no such column or leaves the cell empty.</summary>
    public string DefaultsJson { get; set; } = "{}";

    /// <summary>A .NET date format such as "dd/MM/yyyy"; null for ISO 8601.</summary>
    public string? DateFormat { get; set; }

    /// <summary>"." or ","; the other of the two is then a thousands separator and ignored.</summary>
    public string DecimalSeparator { get; set; } = ".";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public IReadOnlyDictionary<string, string> Columns => Read(ColumnsJson);

    public IReadOnlyDictionary<string, string> Defaults => Read(DefaultsJson);

    private static Dictionary<string, string> Read(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
}

internal sealed class ImportMapperConfiguration : IEntityTypeConfiguration<ImportMapper>
{
    public void Configure(EntityTypeBuilder<ImportMapper> builder)
    {
        builder.ToTable("import_mappers");
        builder.Property(m => m.Id).HasMaxLength(32);
        builder.Property(m => m.AccountId).HasMaxLength(450);
        builder.Property(m => m.Name).HasMaxLength(100);
        builder.Property(m => m.Entity).HasMaxLength(32);
        builder.Property(m => m.ColumnsJson).HasMaxLength(16_000);
        builder.Property(m => m.DefaultsJson).HasMaxLength(16_000);
        builder.Property(m => m.DateFormat).HasMaxLength(40);
        builder.Property(m => m.DecimalSeparator).HasMaxLength(1);
        builder.Ignore(m => m.Columns);
        builder.Ignore(m => m.Defaults);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.AccountId, m.CreatedAt });
    }
}
