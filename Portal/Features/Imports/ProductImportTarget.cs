using System.Globalization;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Products;

namespace Notarial.Portal.Features.Imports;

/// <summary>Products from CSV: the same fields and rules as <c>POST /api/v1/products</c>.</summary>
public sealed class ProductImportTarget(ProductService products) : IImportTarget
{
    public string Entity => "products";

    public IReadOnlyList<string> Fields { get; } = ["name", "sku", "description", "price", "currency", "stock"];

    public IReadOnlyList<string> RequiredFields { get; } = ["name", "price"];

    public ImportFieldKind KindOf(string field) => field switch
    {
        "price" => ImportFieldKind.Decimal,
        "stock" => ImportFieldKind.Integer,
        _ => ImportFieldKind.Text,
    };

    public async Task<IReadOnlyDictionary<int, IReadOnlyList<FieldProblem>>> ImportAsync(PlatformCaller caller, IReadOnlyList<IReadOnlyDictionary<string, string>> rows, bool save, CancellationToken cancellationToken)
    {
        var parseProblems = new Dictionary<int, IReadOnlyList<FieldProblem>>();
        var changes = new List<ProductChanges>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var problems = new List<FieldProblem>();
            changes.Add(new ProductChanges
            {
                Name = Text(row, "name"),
                Sku = Text(row, "sku"),
                Description = Text(row, "description"),
                Price = ImportValues.Number(row, "price", problems),
                Currency = Text(row, "currency"),
                Stock = ImportValues.WholeNumber(row, "stock", problems),
            });
            if (problems.Count > 0)
            {
                parseProblems[i] = problems;
            }
        }

        // Type problems and rule problems of every row are reported together; nothing is saved unless all rows are valid.
        return await products.CreateManyAsync(caller, changes, parseProblems, save, cancellationToken);
    }

    private static Optional<string?> Text(IReadOnlyDictionary<string, string> row, string field) =>
        row.TryGetValue(field, out var value) && value.Length > 0 ? value : Optional<string?>.Absent;
}

/// <summary>Reading typed values from the text cells of an imported row (after a mapper, if any, normalised them).</summary>
public static class ImportValues
{
    public static Optional<decimal> Number(IReadOnlyDictionary<string, string> row, string field, List<FieldProblem> problems)
    {
        if (!row.TryGetValue(field, out var value) || value.Length == 0)
        {
            return Optional<decimal>.Absent;
        }

        if (decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        problems.Add(new FieldProblem(field, "Must be a number with a dot for decimals, e.g. 120.50 (or set the decimal format in a mapper)."));
        return Optional<decimal>.Absent;
    }

    public static Optional<long> WholeNumber(IReadOnlyDictionary<string, string> row, string field, List<FieldProblem> problems)
    {
        if (!row.TryGetValue(field, out var value) || value.Length == 0)
        {
            return Optional<long>.Absent;
        }

        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        problems.Add(new FieldProblem(field, "Must be a whole number, e.g. 12."));
        return Optional<long>.Absent;
    }
}
