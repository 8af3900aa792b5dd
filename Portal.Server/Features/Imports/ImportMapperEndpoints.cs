using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Notarial.Portal.Features.Imports;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Scopes;
using Notarial.Portal.Server.Features.Api;
using Notarial.Portal.Server.Features.Platform;

namespace Notarial.Portal.Server.Features.Imports;

/// <summary>A mapper as the API shows it (the <c>id</c> is the <c>mapperId</c> of <c>POST /api/import</c>).</summary>
public sealed record ImportMapperResponse(string Id, string Name, string Entity, IReadOnlyDictionary<string, string> Columns,
    IReadOnlyDictionary<string, string> Defaults, string? DateFormat, string DecimalSeparator, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ImportMapperResponse From(ImportMapper m) =>
        new(m.Id, m.Name, m.Entity, m.Columns, m.Defaults, m.DateFormat, m.DecimalSeparator, m.CreatedAt, m.UpdatedAt);
}

public sealed record ImportMapperListResponse(IReadOnlyList<ImportMapperResponse> Data);

/// <summary>The body of creating or changing a mapper (for the OpenAPI document; the endpoint reads it field by field).</summary>
public sealed record ImportMapperWrite(string? Name, string? Entity, Dictionary<string, string>? Columns, Dictionary<string, string>? Defaults,
    string? DateFormat, string? DecimalSeparator);

/// <summary>
/// The account's import mappers, the same ones the portal's <c>/import</c> page makes: <c>/api/v1/import/mappers</c>
/// beside <c>POST /api/v1/import</c>. Scope <c>bulk:write</c> (whoever may import may shape how files are read).
/// Mappers belong to the account, not to an environment; another account's mapper answers 404.
/// </summary>
public static class ImportMapperEndpoints
{
    private static readonly string[] Fields = ["name", "entity", "columns", "defaults", "date_format", "decimal_separator"];

    public static IEndpointRouteBuilder MapImportMapperEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var mappers = endpoints.MapGroup("/api/v1/import/mappers").WithTags("Import").RequireScope(ScopeCatalog.BulkWrite);

        mappers.MapGet("/", async (HttpContext http, ImportMapperService service) =>
                TypedResults.Ok(new ImportMapperListResponse([.. (await service.ListAsync(AccountOf(http), http.RequestAborted)).Select(ImportMapperResponse.From)])))
            .WithName("ListImportMappers").WithSummary("Lists the account's import mappers, newest first.").ProducesApiErrors();
        mappers.MapPost("/", CreateAsync)
            .WithName("CreateImportMapper")
            .WithSummary("Makes a mapper: CSV headers to fields (columns), defaults for empty cells, a date format (e.g. dd.MM.yyyy) and the decimal separator ('.' or ',').")
            .Accepts<ImportMapperWrite>("application/json").ProducesApiErrors(400, 409, 422);
        mappers.MapGet("/{id}", GetAsync).WithName("GetImportMapper").WithSummary("Reads one mapper.").ProducesApiErrors(404);
        mappers.MapPatch("/{id}", UpdateAsync)
            .WithName("UpdateImportMapper").WithSummary("Changes the fields sent (columns and defaults replace the whole object); the others stay.")
            .Accepts<ImportMapperWrite>("application/json").ProducesApiErrors(400, 404, 422);
        mappers.MapDelete("/{id}", DeleteAsync).WithName("DeleteImportMapper").WithSummary("Deletes a mapper; imports naming it then answer 404.").ProducesApiErrors(404);
        return endpoints;
    }

    private static string AccountOf(HttpContext http) => PlatformCaller.From(http.User)!.AccountId;

    private static async Task<Results<Ok<ImportMapperResponse>, JsonHttpResult<ApiErrorResponse>>> GetAsync(HttpContext http, string id, ImportMapperService service) =>
        await service.FindAsync(AccountOf(http), id, http.RequestAborted) is { } mapper
            ? TypedResults.Ok(ImportMapperResponse.From(mapper))
            : NotFound(http, id);

    private static async Task<Results<NoContent, JsonHttpResult<ApiErrorResponse>>> DeleteAsync(HttpContext http, string id, ImportMapperService service) =>
        await service.DeleteAsync(AccountOf(http), id, http.RequestAborted) ? TypedResults.NoContent() : NotFound(http, id);

    private static async Task<Results<Created<ImportMapperResponse>, JsonHttpResult<ApiErrorResponse>>> CreateAsync(HttpContext http, ImportMapperService service)
    {
        var (draft, problem) = await ReadAsync(http, existing: null);
        if (problem is not null)
        {
            return problem;
        }

        var result = await service.CreateAsync(AccountOf(http), draft!, http.RequestAborted);
        return ApiResults.Created(http, Map(result), m => $"/api/v1/import/mappers/{m.Id}");
    }

    private static async Task<Results<Ok<ImportMapperResponse>, JsonHttpResult<ApiErrorResponse>>> UpdateAsync(HttpContext http, string id, ImportMapperService service)
    {
        var existing = await service.FindAsync(AccountOf(http), id, http.RequestAborted);
        if (existing is null)
        {
            return NotFound(http, id);
        }

        var (draft, problem) = await ReadAsync(http, existing);
        if (problem is not null)
        {
            return problem;
        }

        return ApiResults.Ok(http, Map(await service.UpdateAsync(AccountOf(http), id, draft!, http.RequestAborted)));
    }

    /// <summary>The draft from the body; a field left out keeps the existing mapper's value (or the default when creating).</summary>
    private static async Task<(ImportMapperDraft? Draft, JsonHttpResult<ApiErrorResponse>? Problem)> ReadAsync(HttpContext http, ImportMapper? existing)
    {
        var (body, error) = await JsonBody.ReadAsync(http.Request);
        if (body is null)
        {
            return (null, ApiResults.Error(http, 400, ApiErrorTypes.InvalidRequest, "invalid_request", error!));
        }

        body.RejectUnknown(Fields);
        var name = body.String("name");
        var entity = body.String("entity");
        var columns = Dictionary(body, "columns");
        var defaults = Dictionary(body, "defaults");
        var dateFormat = body.String("date_format");
        var separator = body.String("decimal_separator");
        if (body.Problems.Count > 0)
        {
            return (null, ApiResults.ValidationFailed(http, body.Problems));
        }

        return (new ImportMapperDraft(
            name.Or(existing?.Name),
            entity.Or(existing?.Entity),
            columns ?? existing?.Columns,
            defaults ?? existing?.Defaults,
            dateFormat.Or(existing?.DateFormat),
            separator.Or(existing?.DecimalSeparator)), null);
    }

    /// <summary>A JSON object of strings; a value of another type is a field problem.</summary>
    private static Dictionary<string, string>? Dictionary(JsonBody body, string field)
    {
        if (body.Object(field) is not { } element)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                body.AddProblem(field, $"'{Shorten(property.Name)}' must map to a string.");
                return null;
            }

            values[property.Name] = property.Value.GetString()!;
        }

        return values;
    }

    private static PlatformResult<ImportMapperResponse> Map(PlatformResult<ImportMapper> result) => result switch
    {
        PlatformResult<ImportMapper>.Ok ok => ImportMapperResponse.From(ok.Value),
        PlatformResult<ImportMapper>.NotFound notFound => new PlatformResult<ImportMapperResponse>.NotFound(notFound.Message),
        PlatformResult<ImportMapper>.Invalid invalid => new PlatformResult<ImportMapperResponse>.Invalid(invalid.Problems),
        PlatformResult<ImportMapper>.Conflict conflict => new PlatformResult<ImportMapperResponse>.Conflict(conflict.Message),
        _ => throw new InvalidOperationException("Unknown result."),
    };

    private static JsonHttpResult<ApiErrorResponse> NotFound(HttpContext http, string id) =>
        ApiResults.Error(http, 404, ApiErrorTypes.InvalidRequest, "not_found", $"No mapper '{Shorten(id)}'.");

    private static string Shorten(string value) => value.Length > 64 ? value[..64] + "…" : value;
}
