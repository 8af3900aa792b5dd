using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Platform;

namespace Notarial.Portal.Features.Imports;

/// <summary>What a person fills in to make a mapper.</summary>
public sealed record ImportMapperDraft(string? Name, string? Entity, IReadOnlyDictionary<string, string>? Columns, IReadOnlyDictionary<string, string>? Defaults,
    string? DateFormat, string? DecimalSeparator);

/// <summary>An account's import mappers. Another account's mapper is not found, like one that does not exist.</summary>
public sealed class ImportMapperService(IDbContextFactory<PortalDbContext> contexts, CsvImporter importer, TimeProvider time)
{
    public const int MaxMappersPerAccount = 100;
    public const int MaxColumns = 100;

    public async Task<IReadOnlyList<ImportMapper>> ListAsync(string accountId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<ImportMapper>().AsNoTracking().Where(m => m.AccountId == accountId).OrderByDescending(m => m.CreatedAt).Take(MaxMappersPerAccount)
            .ToListAsync(cancellationToken);
    }

    public async Task<ImportMapper?> FindAsync(string accountId, string id, CancellationToken cancellationToken = default)
    {
        if (id.Length > 64)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<ImportMapper>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id && m.AccountId == accountId, cancellationToken);
    }

    public async Task<PlatformResult<ImportMapper>> CreateAsync(string accountId, ImportMapperDraft draft, CancellationToken cancellationToken = default)
    {
        var checkedDraft = Check(draft);
        if (checkedDraft.Problems is { } problems)
        {
            return new PlatformResult<ImportMapper>.Invalid(problems);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Set<ImportMapper>().CountAsync(m => m.AccountId == accountId, cancellationToken) >= MaxMappersPerAccount)
        {
            return new PlatformResult<ImportMapper>.Conflict($"An account has at most {MaxMappersPerAccount} mappers; delete one first.");
        }

        var now = time.GetUtcNow();
        var mapper = new ImportMapper
        {
            Id = RecordIds.New("map", now),
            AccountId = accountId,
            CreatedAt = now,
        };
        checkedDraft.ApplyTo(mapper, now);
        db.Add(mapper);
        await db.SaveChangesAsync(cancellationToken);
        return mapper;
    }

    /// <summary>Replaces a mapper's settings with the draft (every field, as on the portal's form). Another account's
    /// mapper is not found.</summary>
    public async Task<PlatformResult<ImportMapper>> UpdateAsync(string accountId, string id, ImportMapperDraft draft, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var mapper = id.Length > 64 ? null : await db.Set<ImportMapper>().FirstOrDefaultAsync(m => m.Id == id && m.AccountId == accountId, cancellationToken);
        if (mapper is null)
        {
            return new PlatformResult<ImportMapper>.NotFound($"No mapper '{(id.Length > 64 ? id[..64] + "…" : id)}'.");
        }

        var checkedDraft = Check(draft);
        if (checkedDraft.Problems is { } problems)
        {
            return new PlatformResult<ImportMapper>.Invalid(problems);
        }

        checkedDraft.ApplyTo(mapper, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return mapper;
    }

    private CheckedDraft Check(ImportMapperDraft draft)
    {
        var v = new PlatformValidation();
        var name = v.Text("name", draft.Name, 100, required: true);
        var target = draft.Entity is null ? null : importer.Target(draft.Entity);
        if (target is null)
        {
            v.Add("entity", "One of: " + string.Join(", ", importer.Entities) + ".");
        }

        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (header, field) in draft.Columns ?? new Dictionary<string, string>())
        {
            var cleanHeader = header.Trim();
            if (cleanHeader.Length is 0 or > 200)
            {
                v.Add("columns", "Each CSV header is 1 to 200 characters.");
            }
            else if (target is not null && !target.Fields.Contains(field))
            {
                v.Add("columns", $"'{field}' is not a field of {target.Entity}; the fields are: {string.Join(", ", target.Fields)}.");
            }
            else if (!columns.TryAdd(cleanHeader.ToLowerInvariant(), field))
            {
                v.Add("columns", $"The header '{cleanHeader}' is mapped twice.");
            }
        }

        if (columns.Count > MaxColumns)
        {
            v.Add("columns", $"At most {MaxColumns} columns.");
        }

        var defaults = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, value) in draft.Defaults ?? new Dictionary<string, string>())
        {
            if (target is not null && !target.Fields.Contains(field))
            {
                v.Add("defaults", $"'{field}' is not a field of {target.Entity}.");
            }
            else if (value.Length > 2000)
            {
                v.Add("defaults", "Each default is at most 2000 characters.");
            }
            else if (value.Length > 0)
            {
                defaults[field] = value;
            }
        }

        var dateFormat = string.IsNullOrWhiteSpace(draft.DateFormat) ? null : draft.DateFormat.Trim();
        if (dateFormat is not null && (dateFormat.Length > 40 || !IsDateFormat(dateFormat)))
        {
            v.Add("date_format", "A date format such as dd/MM/yyyy or dd.MM.yyyy HH:mm.");
        }

        var separator = string.IsNullOrEmpty(draft.DecimalSeparator) ? "." : draft.DecimalSeparator;
        if (separator is not ("." or ","))
        {
            v.Add("decimal_separator", "'.' or ','.");
        }

        return v.IsValid
            ? new CheckedDraft(name!, target!.Entity, columns, defaults, dateFormat, separator, null)
            : new CheckedDraft("", "", columns, defaults, dateFormat, separator, v.Problems);

    }

    private sealed record CheckedDraft(string Name, string Entity, Dictionary<string, string> Columns, Dictionary<string, string> Defaults, string? DateFormat,
        string DecimalSeparator, IReadOnlyList<FieldProblem>? Problems)
    {
        public void ApplyTo(ImportMapper mapper, DateTimeOffset now)
        {
            mapper.Name = Name;
            mapper.Entity = Entity;
            mapper.ColumnsJson = JsonSerializer.Serialize(Columns);
            mapper.DefaultsJson = JsonSerializer.Serialize(Defaults);
            mapper.DateFormat = DateFormat;
            mapper.DecimalSeparator = DecimalSeparator;
            mapper.UpdatedAt = now;
        }
    }

    public async Task<bool> DeleteAsync(string accountId, string id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<ImportMapper>().Where(m => m.Id == id && m.AccountId == accountId).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    private static bool IsDateFormat(string format)
    {
        try
        {
            var sample = new DateTime(2026, 11, 23, 10, 30, 0, DateTimeKind.Utc).ToString(format, CultureInfo.InvariantCulture);
            return DateTime.TryParseExact(sample, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) && format.Any(c => c is 'd' or 'M' or 'y');
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
