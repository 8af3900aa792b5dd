using CsvHelper;
using Notarial.Portal.Features.Platform;

namespace Notarial.Portal.Features.Imports;

/// <summary>
/// Imports a CSV file into one entity: reads it with CsvHelper (quoted fields, embedded newlines, a BOM, ',' or ';'),
/// checks the headers against the entity's fields, then hands every row to the entity — all rows or none.
/// </summary>
public sealed class CsvImporter(IEnumerable<IImportTarget> targets)
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxRows = 50_000;

    public IReadOnlyList<string> Entities => targets.Select(t => t.Entity).ToList();

    public IImportTarget? Target(string entity) => targets.FirstOrDefault(t => string.Equals(t.Entity, entity, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads and imports the file; a file that cannot be read at all is a <see cref="ImportFileProblem"/>.</summary>
    public async Task<(ImportResult? Result, ImportFileProblem? Problem)> ImportAsync(PlatformCaller caller, IImportTarget target, Stream csv, CancellationToken cancellationToken = default) =>
        await ImportAsync(caller, target, csv, mapper: null, cancellationToken);

    /// <summary>Reads and imports the file through a mapper (headers to fields, defaults, date and decimal formats).</summary>
    public async Task<(ImportResult? Result, ImportFileProblem? Problem)> ImportAsync(PlatformCaller caller, IImportTarget target, Stream csv, ImportMapper? mapper,
        CancellationToken cancellationToken = default)
    {
        var (rows, lineNumbers, problem) = await ReadAsync(csv, target, mapper, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }

        var problems = await target.ImportAsync(caller, rows, save: true, cancellationToken);
        return (new ImportResult(target.Entity, problems.Count == 0 ? rows.Count : 0, problems.Count, Errors(problems, lineNumbers)), null);
    }

    /// <summary>Reads the file and checks every row as the import would, writing nothing: the first
    /// <paramref name="rowsShown"/> rows as the entity will read them (after the mapper), and the problems of all rows.</summary>
    public async Task<(ImportPreview? Preview, ImportFileProblem? Problem)> PreviewAsync(PlatformCaller caller, IImportTarget target, Stream csv, ImportMapper? mapper,
        int rowsShown = 10, CancellationToken cancellationToken = default)
    {
        var (rows, lineNumbers, problem) = await ReadAsync(csv, target, mapper, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }

        var problems = await target.ImportAsync(caller, rows, save: false, cancellationToken);
        var errors = Errors(problems, lineNumbers);
        var fields = target.Fields.Where(f => rows.Any(r => r.ContainsKey(f))).ToList();
        var shown = rows.Take(rowsShown)
            .Select((row, i) => new ImportPreviewRow(lineNumbers[i], fields.Select(f => row.GetValueOrDefault(f, "")).ToList(), errors.Where(e => e.Row == lineNumbers[i]).ToList()))
            .ToList();
        return (new ImportPreview(target.Entity, fields, shown, rows.Count, problems.Count, errors), null);
    }

    private static List<ImportRowProblem> Errors(IReadOnlyDictionary<int, IReadOnlyList<FieldProblem>> problems, List<int> lineNumbers) =>
        problems
            .OrderBy(p => p.Key)
            .SelectMany(p => p.Value.Select(f => new ImportRowProblem(lineNumbers[p.Key], f.Field, f.Message)))
            .ToList();

    /// <summary>The header names of a file (as written), to offer them for mapping; null when it has no readable header.</summary>
    public static async Task<IReadOnlyList<string>?> HeadersAsync(Stream csv, CancellationToken cancellationToken = default)
    {
        var options = CsvReaderOptions.Default with { Separator = null, TrimWhitespace = true, SkipEmptyLines = true, MaxRecordSize = 1024 * 1024 };
        await using var reader = CsvReader.Create(csv, options, leaveOpen: true);
        try
        {
            await reader.ReadHeaderAsync(cancellationToken);
            var headers = reader.Headers.Select(h => h.Trim()).Where(h => h.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            return headers.Count == 0 ? null : headers;
        }
        catch (CsvFormatException)
        {
            return null;
        }
    }

    private static async Task<(List<IReadOnlyDictionary<string, string>> Rows, List<int> Lines, ImportFileProblem? Problem)> ReadAsync(Stream csv, IImportTarget target, ImportMapper? mapper, CancellationToken cancellationToken)
    {
        var rows = new List<IReadOnlyDictionary<string, string>>();
        var lines = new List<int>();
        var options = CsvReaderOptions.Default with
        {
            Separator = null,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            MaxRecordSize = 1024 * 1024,
        };

        await using var reader = CsvReader.Create(csv, options, leaveOpen: true);
        try
        {
            await reader.ReadHeaderAsync(cancellationToken);
            var columns = mapper?.Columns.ToDictionary(c => c.Key.Trim().ToLowerInvariant(), c => c.Value) ?? [];
            var defaults = mapper?.Defaults ?? new Dictionary<string, string>();

            // Through a mapper a header is renamed to its field, and a column the mapper does not know is left out.
            var fileHeaders = reader.Headers.Select(h => h.Trim().ToLowerInvariant()).ToArray();
            var headers = fileHeaders.Select(h => columns.TryGetValue(h, out var field) ? field : mapper is null || target.Fields.Contains(h) ? h : "").ToArray();
            if (fileHeaders.Length == 0 || fileHeaders.All(h => h.Length == 0))
            {
                return (rows, lines, new ImportFileProblem("file", "The file is empty: it needs a header row and at least one row."));
            }

            if (reader.Separator is not (',' or ';'))
            {
                return (rows, lines, new ImportFileProblem("file", "Separate the columns with commas or semicolons."));
            }

            var unknown = headers.Where(h => h.Length > 0 && !target.Fields.Contains(h)).ToList();
            if (unknown.Count > 0)
            {
                return (rows, lines, new ImportFileProblem("file", $"Unknown column(s): {string.Join(", ", unknown)}. The columns of {target.Entity} are: {string.Join(", ", target.Fields)}."));
            }

            var missing = target.RequiredFields.Where(f => !headers.Contains(f) && !defaults.ContainsKey(f)).ToList();
            if (missing.Count > 0)
            {
                return (rows, lines, new ImportFileProblem("file", $"Missing column(s): {string.Join(", ", missing)}."));
            }

            if (headers.Where(h => h.Length > 0).Distinct().Count() != headers.Count(h => h.Length > 0))
            {
                return (rows, lines, new ImportFileProblem("file", "A column appears twice."));
            }

            while (await reader.ReadAsync(cancellationToken))
            {
                if (rows.Count == MaxRows)
                {
                    return (rows, lines, new ImportFileProblem("file", $"The file has more than {MaxRows:N0} rows. Split it into smaller files."));
                }

                var row = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var i = 0; i < headers.Length; i++)
                {
                    if (headers[i].Length > 0)
                    {
                        row[headers[i]] = i < reader.FieldCount ? reader.GetString(i) : "";
                    }
                }

                if (row.Values.All(v => v.Length == 0))
                {
                    continue;
                }

                if (mapper is not null)
                {
                    ImportMapping.Apply(mapper, defaults, target, row);
                }

                rows.Add(row);
                lines.Add((int)reader.LineNumber);
            }
        }
        catch (CsvFormatException exception)
        {
            return (rows, lines, new ImportFileProblem("file", "The file is not valid CSV: " + exception.Message));
        }

        return rows.Count == 0
            ? (rows, lines, new ImportFileProblem("file", "The file has a header row but no rows to import."))
            : (rows, lines, null);
    }
}
