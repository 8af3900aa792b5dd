using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Platform;

namespace Notarial.Portal.Features.Products;

/// <summary>
/// Products of the calling account in the caller's environment. The account and environment filter comes first in every
/// query; another account's product id is simply not found.
/// </summary>
public sealed class ProductService(IDbContextFactory<PortalDbContext> contexts, TimeProvider time)
{
    public const int MaxStock = 1_000_000_000;

    public static IReadOnlyList<string> Sorts { get; } = ["created_at", "-created_at", "price", "-price", "stock", "-stock"];

    /// <summary>The caller's products, before any filter the caller asks for (also the root of the query and OData APIs).</summary>
    public static IQueryable<Product> Owned(PortalDbContext db, PlatformCaller caller) =>
        db.Set<Product>().AsNoTracking().Where(p => p.AccountId == caller.AccountId && p.Environment == caller.Environment);

    public async Task<PlatformResult<Page<ProductResource>>> ListAsync(PlatformCaller caller, ProductQuery query, CancellationToken cancellationToken = default)
    {
        var problems = new PlatformValidation();
        if (!Sorts.Contains(query.Sort))
        {
            problems.Add("sort", "One of: " + string.Join(", ", Sorts) + ".");
        }

        if (query.Limit < 1 || query.Limit > query.MaxLimit)
        {
            problems.Add("limit", $"Between 1 and {query.MaxLimit}.");
        }

        if (query.Search is { Length: > 200 })
        {
            problems.Add("search", "At most 200 characters.");
        }

        if (!Keyset.TryDecode(query.Cursor, out var cursor))
        {
            problems.Add("cursor", "Not a cursor this API returned.");
        }

        if (!problems.IsValid)
        {
            return new PlatformResult<Page<ProductResource>>.Invalid(problems.Problems);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var products = Owned(db, caller);
        if (query.InStock is { } inStock)
        {
            products = inStock ? products.Where(p => p.Stock > 0) : products.Where(p => p.Stock <= 0);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim();
            products = products.Where(p => p.Name.Contains(term) || (p.Sku != null && p.Sku.Contains(term)));
        }

        var descending = query.Sort.StartsWith('-');
        List<Product> rows;
        Func<Product, (long, string)> cursorOf;
        if (query.Sort.EndsWith("price", StringComparison.Ordinal))
        {
            rows = await Keyset.Apply(products, p => p.PriceCents, p => p.Id, descending, cursor, query.Limit).ToListAsync(cancellationToken);
            cursorOf = p => (p.PriceCents, p.Id);
        }
        else if (query.Sort.EndsWith("stock", StringComparison.Ordinal))
        {
            var typed = cursor is { } c ? ((int)Math.Clamp(c.Key, int.MinValue, int.MaxValue), c.Id) : ((int, string)?)null;
            rows = await Keyset.Apply(products, p => p.Stock, p => p.Id, descending, typed, query.Limit).ToListAsync(cancellationToken);
            cursorOf = p => (p.Stock, p.Id);
        }
        else
        {
            var typed = cursor is { } c ? (new DateTimeOffset(Math.Clamp(c.Key, DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero), c.Id)
                : ((DateTimeOffset, string)?)null;
            rows = await Keyset.Apply(products, p => p.CreatedAt, p => p.Id, descending, typed, query.Limit).ToListAsync(cancellationToken);
            cursorOf = p => (p.CreatedAt.UtcTicks, p.Id);
        }

        return Keyset.ToPage(rows, query.Limit, cursorOf, ProductResource.From);
    }

    public async Task<PlatformResult<ProductResource>> GetAsync(PlatformCaller caller, string id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var product = await Owned(db, caller).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return product is null ? NotFound(id) : ProductResource.From(product);
    }

    public async Task<PlatformResult<ProductResource>> CreateAsync(PlatformCaller caller, ProductChanges changes, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var product = New(caller, now);
        var problems = Apply(product, changes, creating: true);
        if (!problems.IsValid)
        {
            return new PlatformResult<ProductResource>.Invalid(problems.Problems);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (product.Sku is not null && await Owned(db, caller).AnyAsync(p => p.Sku == product.Sku, cancellationToken))
        {
            return SkuTaken(product.Sku);
        }

        db.Set<Product>().Add(product);
        await db.SaveChangesAsync(cancellationToken);
        return ProductResource.From(product);
    }

    /// <summary>Checks rows against the product rules; when every row is valid, creates them all in one transaction.
    /// Returns the problems by row index (0-based); empty when everything was created.</summary>
    public async Task<IReadOnlyDictionary<int, IReadOnlyList<FieldProblem>>> CreateManyAsync(PlatformCaller caller, IReadOnlyList<ProductChanges> rows,
        IReadOnlyDictionary<int, IReadOnlyList<FieldProblem>>? earlierProblems = null, bool save = true, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var problems = new Dictionary<int, IReadOnlyList<FieldProblem>>(earlierProblems ?? new Dictionary<int, IReadOnlyList<FieldProblem>>());
        var products = new List<(int Row, Product Product)>();
        var skus = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var product = New(caller, now);
            var validation = Apply(product, rows[i], creating: true);
            if (product.Sku is not null && !skus.TryAdd(product.Sku, i))
            {
                validation.Add("sku", $"The same SKU as row index {skus[product.Sku]} of this file.");
            }

            if (!validation.IsValid)
            {
                problems.TryAdd(i, validation.Problems);
            }
            else
            {
                products.Add((i, product));
            }
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (skus.Count > 0)
        {
            var wanted = skus.Keys.ToList();
            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (var chunk in wanted.Chunk(500))
            {
                taken.UnionWith(await Owned(db, caller).Where(p => p.Sku != null && chunk.Contains(p.Sku)).Select(p => p.Sku!).ToListAsync(cancellationToken));
            }

            foreach (var (row, product) in products.Where(p => p.Product.Sku is not null && taken.Contains(p.Product.Sku)))
            {
                problems.TryAdd(row, [new FieldProblem("sku", $"A product with SKU '{product.Sku}' already exists.")]);
            }
        }

        if (problems.Count == 0 && save)
        {
            db.Set<Product>().AddRange(products.Select(p => p.Product));
            await db.SaveChangesAsync(cancellationToken);
        }

        return problems;
    }

    public async Task<PlatformResult<ProductResource>> UpdateAsync(PlatformCaller caller, string id, ProductChanges changes, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var product = await db.Set<Product>()
            .FirstOrDefaultAsync(p => p.Id == id && p.AccountId == caller.AccountId && p.Environment == caller.Environment, cancellationToken);
        if (product is null)
        {
            return NotFound(id);
        }

        var problems = Apply(product, changes, creating: false);
        if (!problems.IsValid)
        {
            return new PlatformResult<ProductResource>.Invalid(problems.Problems);
        }

        if (product.Sku is not null && await Owned(db, caller).AnyAsync(p => p.Sku == product.Sku && p.Id != product.Id, cancellationToken))
        {
            return SkuTaken(product.Sku);
        }

        product.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return ProductResource.From(product);
    }

    public async Task<PlatformResult<ProductResource>> DeleteAsync(PlatformCaller caller, string id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var product = await db.Set<Product>()
            .FirstOrDefaultAsync(p => p.Id == id && p.AccountId == caller.AccountId && p.Environment == caller.Environment, cancellationToken);
        if (product is null)
        {
            return NotFound(id);
        }

        db.Set<Product>().Remove(product);
        await db.SaveChangesAsync(cancellationToken);
        return ProductResource.From(product);
    }

    private static Product New(PlatformCaller caller, DateTimeOffset now) => new()
    {
        Id = RecordIds.New("prd", now),
        AccountId = caller.AccountId,
        Environment = caller.Environment,
        CreatedAt = now,
        UpdatedAt = now,
    };

    private static PlatformResult<ProductResource> NotFound(string id) => new PlatformResult<ProductResource>.NotFound($"No product '{id}'.");

    private static PlatformResult<ProductResource> SkuTaken(string sku) => new PlatformResult<ProductResource>.Conflict($"A product with SKU '{sku}' already exists.");

    private static PlatformValidation Apply(Product product, ProductChanges changes, bool creating)
    {
        var v = new PlatformValidation();
        var name = v.Text("name", changes.Name, 200, required: creating || changes.Name.HasValue);
        var sku = v.Text("sku", changes.Sku, 64, required: false);
        var description = v.Text("description", changes.Description, 2000, required: false, multiline: true);
        var price = v.Money("price", changes.Price, required: creating);
        var currency = v.Currency("currency", changes.Currency);
        if (changes.Stock.HasValue && changes.Stock.Value is < 0 or > MaxStock)
        {
            v.Add("stock", $"A whole number between 0 and {MaxStock:N0}.");
        }

        if (!v.IsValid)
        {
            return v;
        }

        if (name is not null)
        {
            product.Name = name;
        }

        if (changes.Sku.HasValue)
        {
            product.Sku = sku;
        }

        if (changes.Description.HasValue)
        {
            product.Description = description;
        }

        if (price is { } cents)
        {
            product.PriceCents = cents;
        }

        if (currency is not null)
        {
            product.Currency = currency;
        }

        if (changes.Stock.HasValue)
        {
            product.Stock = (int)changes.Stock.Value;
        }

        return v;
    }
}
