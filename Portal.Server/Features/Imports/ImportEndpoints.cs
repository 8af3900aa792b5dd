using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Notarial.Portal.Features.Imports;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Scopes;
using Notarial.Portal.Server.Features.Api;
using Notarial.Portal.Server.Features.Docs;
using Notarial.Portal.Server.Features.Platform;

namespace Notarial.Portal.Server.Features.Imports;

/// <summary>The answer of a successful import (seed 002's sample prints <c>result.imported</c>).</summary>
public sealed record ImportResponse(string Entity, int Imported, int Rejected, IReadOnlyList<ImportRowProblem> Errors);

public static class ImportEndpoints
{
    public static IEndpointRouteBuilder MapImportEndpoints(this IEndpointRouteBuilder endpoints)
    {
        foreach (var path in new[] { "/api/import", "/api/v1/import" })
        {
            endpoints.MapPost(path, ImportAsync)
                .RequireScope(ScopeCatalog.BulkWrite)
                .DisableAntiforgery()
                .WithMetadata(new RequestSizeLimitAttribute(CsvImporter.MaxBytes + 64 * 1024))
                .WithFormOptions(multipartBodyLengthLimit: CsvImporter.MaxBytes + 64 * 1024)
                .WithMetadata(new FormBodyMetadata(
                    new FormBodyField("file", true, true, "The CSV file: a header row, then one record per row; ',' or ';' separated, UTF-8 (a BOM is fine)."),
                    new FormBodyField("entity", false, false, "What the rows are: 'products' or 'orders' (the default)."),
                    new FormBodyField("mapperId", false, false, "A mapper made on the portal's import page: CSV headers to fields, defaults, date and decimal formats.")))
                .WithName(path == "/api/import" ? "Import" : "ImportV1")
                .WithTags("Import")
                .WithSummary("Imports a CSV file (multipart field 'file') into an entity (field 'entity', default 'orders'): every row or none.")
                .ProducesApiErrors(400, 404, 413, 422);
        }

        endpoints.MapImportMapperEndpoints();
        return endpoints;
    }

    private static async Task<Results<Ok<ImportResponse>, JsonHttpResult<ApiErrorResponse>>> ImportAsync(HttpContext http, CsvImporter importer, ImportMapperService mappers)
    {
        if (!http.Request.HasFormContentType)
        {
            return ApiResults.Error(http, 400, ApiErrorTypes.InvalidRequest, "invalid_request", "Send the file as multipart/form-data in a field named 'file'.");
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var entity = form["entity"].ToString() is { Length: > 0 } name ? name : "orders";
        var target = importer.Target(entity);
        if (target is null)
        {
            return ApiResults.ValidationFailed(http, [new FieldProblem("entity", "One of: " + string.Join(", ", importer.Entities) + ".")]);
        }

        var caller = PlatformCaller.From(http.User)!;
        ImportMapper? mapper = null;
        if (form["mapperId"].ToString() is { Length: > 0 } mapperId)
        {
            // Another account's mapper is not found, like one that does not exist.
            mapper = await mappers.FindAsync(caller.AccountId, mapperId, http.RequestAborted);
            if (mapper is null)
            {
                return ApiResults.Error(http, 404, ApiErrorTypes.InvalidRequest, "not_found", $"No mapper '{Shorten(mapperId)}'. Make one on the portal's import page.");
            }

            if (!string.Equals(mapper.Entity, target.Entity, StringComparison.Ordinal))
            {
                return ApiResults.ValidationFailed(http, [new FieldProblem("mapperId", $"The mapper '{mapper.Name}' is for {mapper.Entity}, not {target.Entity}.")]);
            }
        }

        var file = form.Files.GetFile("file");
        if (file is null)
        {
            return ApiResults.ValidationFailed(http, [new FieldProblem("file", "Attach a CSV file in the field 'file'.")]);
        }

        if (file.Length == 0)
        {
            return ApiResults.ValidationFailed(http, [new FieldProblem("file", "The file is empty: it needs a header row and at least one row.")]);
        }

        if (file.Length > CsvImporter.MaxBytes)
        {
            return ApiResults.Error(http, 413, ApiErrorTypes.InvalidRequest, "payload_too_large", $"The file is larger than {CsvImporter.MaxBytes / 1024 / 1024} MB. Split it into smaller files.");
        }

        await using var stream = file.OpenReadStream();
        var (result, problem) = await importer.ImportAsync(caller, target, stream, mapper, http.RequestAborted);
        if (problem is not null)
        {
            return ApiResults.ValidationFailed(http, [problem.ToFieldProblem()]);
        }

        if (!result!.Succeeded)
        {
            var error = ApiErrors.Create(http, ApiErrorTypes.InvalidRequest, "validation_failed",
                $"{result.Rejected} row(s) have errors, so nothing was imported. Fix them and upload the file again.");
            return TypedResults.Json(new ApiErrorResponse(error.Error with
            {
                Rows = result.Errors.Select(e => new ApiRowError(e.Row, e.Field, e.Message)).ToList(),
            }), statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        return TypedResults.Ok(new ImportResponse(result.Entity, result.Imported, 0, []));
    }

    private static string Shorten(string value) => value.Length > 64 ? value[..64] + "…" : value;
}
