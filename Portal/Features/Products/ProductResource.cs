using Notarial.Portal.Features.Platform;

namespace Notarial.Portal.Features.Products;

/// <summary>A product as the API shows it (prices in major units).</summary>
public sealed record ProductResource(
    string Id,
    string Name,
    string? Sku,
    string? Description,
    decimal Price,
    string Currency,
    int Stock,
    string Environment,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ProductResource From(Product p) => new(p.Id, p.Name, p.Sku, p.Description, p.PriceCents / 100m, p.Currency, p.Stock,
        p.Environment, p.CreatedAt, p.UpdatedAt);
}

/// <summary>The fields of a product a request sets; absent fields stay as they are (a partial update).</summary>
public sealed record ProductChanges
{
    public Optional<string?> Name { get; init; }

    public Optional<string?> Sku { get; init; }

    public Optional<string?> Description { get; init; }

    public Optional<decimal> Price { get; init; }

    public Optional<string?> Currency { get; init; }

    public Optional<long> Stock { get; init; }
}

/// <summary>How to list products.</summary>
public sealed record ProductQuery(bool? InStock = null, string? Search = null, string Sort = "-created_at", string? Cursor = null,
    int Limit = Keyset.DefaultLimit, int MaxLimit = Keyset.MaxLimit);
