using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Notarial.Portal.Features.Docs;

namespace Notarial.Portal.Server.Features.Docs;

/// <summary>
/// Builds the reference page's model from the generated OpenAPI document, once (the endpoints do not change while the
/// process runs). Groups follow the document's tags, in the order the endpoints were mapped.
/// </summary>
public sealed class OpenApiReferenceSource(IServiceProvider services) : IApiReferenceSource
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ApiReference? _reference;

    public async Task<ApiReference> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_reference is not null)
        {
            return _reference;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_reference is null)
            {
                var provider = services.GetRequiredKeyedService<IOpenApiDocumentProvider>(PlatformOpenApi.DocumentName);
                _reference = Build(await provider.GetOpenApiDocumentAsync(cancellationToken));
            }

            return _reference;
        }
        finally
        {
            _gate.Release();
        }
    }

    internal static ApiReference Build(OpenApiDocument document)
    {
        var operations = new List<(string Tag, ApiReferenceOperation Operation)>();
        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                var tag = operation.Tags?.FirstOrDefault()?.Name ?? "Other";
                operations.Add((tag, Describe(path, method.Method, operation, item.Parameters)));
            }
        }

        var groups = operations
            .GroupBy(o => o.Tag)
            .Select(g => new ApiReferenceGroup(g.Key, g.Select(o => o.Operation).OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => MethodOrder(o.Method)).ToList()))
            .ToList();
        return new ApiReference(document.Info.Title ?? "API", document.Info.Version ?? "v1", document.Info.Description, groups);
    }

    private static ApiReferenceOperation Describe(string path, string method, OpenApiOperation operation, IList<IOpenApiParameter>? shared)
    {
        var scope = PlatformOpenApi.RequiredScope(operation);
        var anonymous = operation.Security is { Count: 0 };
        var parameters = (shared ?? []).Concat(operation.Parameters ?? [])
            .Select(p => new ApiReferenceField(p.Name ?? "", p.In?.ToString().ToLowerInvariant() ?? "query", TypeOf(p.Schema), p.Required, p.Description))
            .ToList();
        string? contentType = null;
        var fields = new List<ApiReferenceField>();
        if (operation.RequestBody?.Content is { Count: > 0 } content)
        {
            var (type, media) = content.First();
            contentType = type;
            var schema = media.Schema;
            foreach (var (name, property) in schema?.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                fields.Add(new ApiReferenceField(name, "body", TypeOf(property), schema!.Required?.Contains(name) == true, property.Description));
            }
        }

        var responses = (operation.Responses ?? [])
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new ApiReferenceResponse(r.Key, r.Value.Description ?? "", r.Key.Length == 3 && r.Key[0] is '4' or '5'))
            .ToList();
        var summary = operation.Summary ?? operation.OperationId ?? $"{method} {path}";
        // The document's descriptions are CommonMark; the page shows them as plain text.
        return new ApiReferenceOperation(operation.OperationId ?? $"{method}-{path}", method, path, summary, operation.Description?.Replace("`", "", StringComparison.Ordinal),
            scope, anonymous, parameters, contentType, fields, responses);
    }

    private static string TypeOf(IOpenApiSchema? schema)
    {
        if (schema is null)
        {
            return "any";
        }

        if (schema.Format == "binary")
        {
            return "file";
        }

        var type = schema.Type ?? (schema.OneOf ?? schema.AnyOf)?.Select(s => s.Type).FirstOrDefault(t => t is not null and not JsonSchemaType.Null);
        if (type is null)
        {
            return "object";
        }

        var kind = type.Value & ~JsonSchemaType.Null;
        var name = kind switch
        {
            JsonSchemaType.String => schema.Format is { Length: > 0 } format ? $"string ({format})" : "string",
            JsonSchemaType.Integer => "integer",
            JsonSchemaType.Number => "number",
            JsonSchemaType.Boolean => "boolean",
            JsonSchemaType.Array => $"array of {TypeOf(schema.Items)}",
            _ => "object",
        };
        return (type.Value & JsonSchemaType.Null) != 0 ? name + ", nullable" : name;
    }

    private static int MethodOrder(string method) => method switch
    {
        "GET" => 0,
        "POST" => 1,
        "PUT" => 2,
        "PATCH" => 3,
        "DELETE" => 4,
        _ => 5,
    };
}
