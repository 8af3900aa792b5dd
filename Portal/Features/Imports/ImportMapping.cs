using System.Globalization;

namespace Notarial.Portal.Features.Imports;

/// <summary>Turns a row read through a mapper into the form the entity reads: defaults for empty cells, decimals with a
/// dot, dates in ISO 8601. A cell that does not match the mapper's format is left as it is, so the entity reports it.</summary>
public static class ImportMapping
{
    public static void Apply(ImportMapper mapper, IReadOnlyDictionary<string, string> defaults, IImportTarget target, Dictionary<string, string> row)
    {
        foreach (var (field, value) in defaults)
        {
            if (!row.TryGetValue(field, out var cell) || cell.Length == 0)
            {
                row[field] = value;
            }
        }

        foreach (var field in row.Keys.ToList())
        {
            var cell = row[field];
            if (cell.Length == 0)
            {
                continue;
            }

            switch (target.KindOf(field))
            {
                case ImportFieldKind.Decimal when mapper.DecimalSeparator == ",":
                    row[field] = cell.Replace(".", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Replace(',', '.');
                    break;
                case ImportFieldKind.Decimal:
                    row[field] = cell.Replace(",", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
                    break;
                case ImportFieldKind.Date when mapper.DateFormat is { } format:
                    if (DateTime.TryParseExact(cell, format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
                    {
                        row[field] = date.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                    }

                    break;
            }
        }
    }
}
