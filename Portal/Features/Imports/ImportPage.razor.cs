using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using Notarial.Portal.Components.Shared;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Scopes;

namespace Notarial.Portal.Features.Imports;

/// <summary>
/// The portal's import page: the signed-in developer imports a CSV into their own account (test or live data) through
/// the same <see cref="CsvImporter"/> as <c>POST /api/import</c>, previews it first (nothing saved), and keeps the
/// account's mappers. The file is held in memory for the circuit only (at most 10 MB).
/// </summary>
public sealed partial class ImportPage
{
    private const string NoMapper = "";

    private List<ImportMapper>? _mappers;
    private string _entity = "products";
    private string _environment = PlatformEnvironments.Test;
    private string _mapperId = NoMapper;
    private byte[]? _file;
    private string? _fileName;
    private string? _fileError;
    private IReadOnlyList<string>? _headers;
    private ImportPreview? _preview;
    private ImportResult? _result;
    private MapperEditor? _editor;
    private string? _mapperFormError;
    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);
    private bool _busy;
    private string _accountId = "";

    [Inject]
    private CsvImporter Importer { get; set; } = default!;

    [Inject]
    private ImportMapperService Mappers { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private IReadOnlyList<string> Fields => Importer.Target(_entity)?.Fields ?? [];

    protected override async Task OnInitializedAsync()
    {
        _accountId = (await AuthenticationState).User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        _mappers = [.. await Mappers.ListAsync(_accountId)];
    }

    /// <summary>The signed-in developer as a platform caller of their own account, as the portal session is on the API.</summary>
    private PlatformCaller Caller() =>
        new(_accountId, CredentialKinds.Session, _accountId, null, new HashSet<string>([ScopeCatalog.BulkWrite], StringComparer.Ordinal), _environment);

    private void Reset()
    {
        _preview = null;
        _result = null;
    }

    private Task EntityChangedAsync(string entity)
    {
        _entity = entity;
        _mapperId = NoMapper;
        _editor = null;
        Reset();
        return Task.CompletedTask;
    }

    private void EnvironmentChanged(string environment)
    {
        _environment = environment;
        Reset();
    }

    private void MapperChanged(string id)
    {
        _mapperId = id;
        Reset();
    }

    private async Task FileChosenAsync(InputFileChangeEventArgs e)
    {
        Reset();
        _fileError = null;
        _file = null;
        _fileName = null;
        _headers = null;
        if (e.File.Size > CsvImporter.MaxBytes)
        {
            _fileError = $"The file is larger than {CsvImporter.MaxBytes / 1024 / 1024} MB. Split it into smaller files.";
            return;
        }

        _busy = true;
        try
        {
            using var buffer = new MemoryStream();
            await using (var stream = e.File.OpenReadStream(CsvImporter.MaxBytes))
            {
                await stream.CopyToAsync(buffer);
            }

            _file = buffer.ToArray();
            _fileName = e.File.Name;
            using var headerStream = new MemoryStream(_file, writable: false);
            _headers = await CsvImporter.HeadersAsync(headerStream);
            if (_file.Length == 0)
            {
                _fileError = "The file is empty: it needs a header row and at least one row.";
                _file = null;
            }
        }
        catch (IOException)
        {
            _fileError = "The file could not be read. Choose it again.";
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task PreviewAsync() => await RunAsync(save: false);

    private async Task ImportAsync() => await RunAsync(save: true);

    private async Task RunAsync(bool save)
    {
        if (_file is null || Importer.Target(_entity) is not { } target)
        {
            return;
        }

        _busy = true;
        _fileError = null;
        try
        {
            ImportMapper? mapper = null;
            if (_mapperId != NoMapper && (mapper = await Mappers.FindAsync(_accountId, _mapperId)) is null)
            {
                _fileError = "That mapper no longer exists; choose another.";
                _mappers = [.. await Mappers.ListAsync(_accountId)];
                _mapperId = NoMapper;
                return;
            }

            using var stream = new MemoryStream(_file, writable: false);
            if (save)
            {
                var (result, problem) = await Importer.ImportAsync(Caller(), target, stream, mapper);
                _fileError = problem?.Message;
                _result = result;
                _preview = result is { Succeeded: true } ? null : _preview;
            }
            else
            {
                var (preview, problem) = await Importer.PreviewAsync(Caller(), target, stream, mapper);
                _fileError = problem?.Message;
                _preview = preview;
                _result = null;
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private void NewMapper()
    {
        _errors.Clear();
        _mapperFormError = null;
        var fields = Fields;
        _editor = new MapperEditor(null, _entity)
        {
            Columns = (_headers ?? []).Select(h => new MapperColumn
            {
                Header = h,
                Field = fields.FirstOrDefault(f => string.Equals(f, h.Trim(), StringComparison.OrdinalIgnoreCase)) ?? NoMapper,
            }).ToList(),
        };
        if (_editor.Columns.Count == 0)
        {
            _editor.Columns.Add(new MapperColumn());
        }
    }

    private void EditMapper(ImportMapper mapper)
    {
        _errors.Clear();
        _mapperFormError = null;
        _entity = mapper.Entity;
        _editor = new MapperEditor(mapper.Id, mapper.Entity)
        {
            Name = mapper.Name,
            DateFormat = mapper.DateFormat,
            DecimalSeparator = mapper.DecimalSeparator,
            Columns = mapper.Columns.Select(c => new MapperColumn { Header = c.Key, Field = c.Value }).ToList(),
            Defaults = new Dictionary<string, string>(mapper.Defaults, StringComparer.Ordinal),
        };
    }

    private async Task SaveMapperAsync()
    {
        if (_editor is not { } editor)
        {
            return;
        }

        _errors.Clear();
        _mapperFormError = null;
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in editor.Columns.Where(c => !string.IsNullOrWhiteSpace(c.Header) && c.Field != NoMapper))
        {
            if (!columns.TryAdd(column.Header!.Trim(), column.Field))
            {
                _errors["columns"] = $"The header '{column.Header.Trim()}' is listed twice.";
                return;
            }
        }

        if (editor.Columns.Any(c => !string.IsNullOrWhiteSpace(c.Header) && c.Field == NoMapper) && columns.Count == 0)
        {
            _errors["columns"] = "Pick a field for at least one header, or leave the mapper out.";
            return;
        }

        var draft = new ImportMapperDraft(editor.Name, editor.Entity, columns, editor.Defaults.Where(d => d.Value.Length > 0).ToDictionary(), editor.DateFormat, editor.DecimalSeparator);
        _busy = true;
        try
        {
            var result = editor.Id is null ? await Mappers.CreateAsync(_accountId, draft) : await Mappers.UpdateAsync(_accountId, editor.Id, draft);
            switch (result)
            {
                case PlatformResult<ImportMapper>.Ok ok:
                    _mappers = [.. await Mappers.ListAsync(_accountId)];
                    _mapperId = ok.Value.Id;
                    _editor = null;
                    Reset();
                    break;
                case PlatformResult<ImportMapper>.Invalid invalid:
                    foreach (var problem in invalid.Problems)
                    {
                        _errors.TryAdd(problem.Field, problem.Message);
                    }

                    break;
                case PlatformResult<ImportMapper>.Conflict conflict:
                    _mapperFormError = conflict.Message;
                    break;
                case PlatformResult<ImportMapper>.NotFound notFound:
                    _mapperFormError = notFound.Message;
                    break;
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task DeleteMapperAsync(ImportMapper mapper)
    {
        if (!await ConfirmDialog.AskAsync(Dialogs, $"Delete the mapper “{mapper.Name}”?",
                "Imports that name it (mapperId) will answer 404 until they use another one.", "Delete"))
        {
            return;
        }

        await Mappers.DeleteAsync(_accountId, mapper.Id);
        _mappers = [.. await Mappers.ListAsync(_accountId)];
        if (_mapperId == mapper.Id)
        {
            _mapperId = NoMapper;
            Reset();
        }

        if (_editor?.Id == mapper.Id)
        {
            _editor = null;
        }
    }

    private bool Has(string field) => _errors.ContainsKey(field);

    private string? ErrorOf(string field) => _errors.GetValueOrDefault(field);

    private static string FileSize(long bytes) => bytes < 1024 ? $"{bytes} bytes" : bytes < 1024 * 1024 ? $"{bytes / 1024.0:0.#} kB" : $"{bytes / 1024.0 / 1024.0:0.#} MB";

    private sealed class MapperEditor(string? id, string entity)
    {
        public string? Id { get; } = id;

        public string Entity { get; } = entity;

        public string? Name { get; set; }

        public string? DateFormat { get; set; }

        public string DecimalSeparator { get; set; } = ".";

        public List<MapperColumn> Columns { get; set; } = [];

        public Dictionary<string, string> Defaults { get; set; } = new(StringComparer.Ordinal);
    }

    private sealed class MapperColumn
    {
        public string? Header { get; set; }

        public string Field { get; set; } = NoMapper;
    }
}
