using Notarial.Portal.Features.Platform;

namespace Notarial.Portal.Features.Imports;

/// <summary>An entity that can be imported from CSV: its field names (the expected headers), the scope it needs, and
/// how to create all rows at once (all or none).</summary>
public interface IImportTarget
{
    /// <summary>The value of the <c>entity</c> form field: "orders", "products"...</summary>
    string Entity { get; }

    IReadOnlyList<string> Fields { get; }

    IReadOnlyList<string> RequiredFields { get; }

    /// <summary>What kind of value a field holds, so a mapper knows which cells its date and decimal formats apply to.</summary>
    ImportFieldKind KindOf(string field);

    /// <summary>Validates every row; when all are valid and <paramref name="save"/> is set, creates them in one
    /// transaction. Returns the problems by row index (0-based); empty when everything was (or would be) imported.
    /// Without <paramref name="save"/> nothing is written: the portal's preview.</summary>
    Task<IReadOnlyDictionary<int, IReadOnlyList<FieldProblem>>> ImportAsync(PlatformCaller caller, IReadOnlyList<IReadOnlyDictionary<string, string>> rows, bool save, CancellationToken cancellationToken);
}

/// <summary>The kinds of value an imported field holds.</summary>
public enum ImportFieldKind
{
    Text,
    Decimal,
    Integer,
    Date,
}
