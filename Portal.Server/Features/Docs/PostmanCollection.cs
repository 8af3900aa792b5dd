using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Notarial.Portal.Server.Features.Docs;

/// <summary>
/// A Postman collection (format v2.1) of the platform API, made from the OpenAPI document: one folder per tag, one request
/// per operation with its scope in the description, path variables as <c>:name</c>, the API key as the collection's
/// authorization and a request that fetches a client-credentials token into <c>{{accessToken}}</c>.
/// </summary>
public static class PostmanCollection
{
    public const string SchemaUrl = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

    public static IEndpointRouteBuilder MapPostmanCollection(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/docs/postman.json", async (HttpContext http, [FromKeyedServices(PlatformOpenApi.DocumentName)] IOpenApiDocumentProvider provider) =>
        {
            var document = await provider.GetOpenApiDocumentAsync(http.RequestAborted);
            var origin = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
            http.Response.Headers.ContentDisposition = "attachment; filename=\"notarial-platform.postman_collection.json\"";
            return Results.Text(Build(document, origin).ToJsonString(), "application/json");
        }).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    public static JsonObject Build(OpenApiDocument document, string origin)
    {
        var folders = new JsonArray { TokenFolder() };
        foreach (var group in Operations(document).GroupBy(o => o.Tag))
        {
            folders.Add(new JsonObject
            {
                ["name"] = group.Key,
                ["item"] = new JsonArray(group.Select(o => (JsonNode)Request(o.Path, o.Method, o.Operation)).ToArray()),
            });
        }

        return new JsonObject
        {
            ["info"] = new JsonObject
            {
                ["name"] = "Notarial platform API",
                ["description"] = "Set the collection variable apiKey to a key from the portal (/keys), or fill clientId and clientSecret, send " +
                    "\"Get a client-credentials token\" and switch the collection's authorization to Bearer {{accessToken}}. Each request names the scope it needs.",
                ["schema"] = SchemaUrl,
            },
            ["auth"] = new JsonObject
            {
                ["type"] = "apikey",
                ["apikey"] = new JsonArray(Pair("key", "X-API-Key"), Pair("value", "{{apiKey}}"), Pair("in", "header")),
            },
            ["variable"] = new JsonArray(
                Variable("baseUrl", origin), Variable("apiKey", ""), Variable("clientId", ""), Variable("clientSecret", ""),
                Variable("scope", "read"), Variable("accessToken", "")),
            ["item"] = folders,
        };
    }

    private static IEnumerable<(string Tag, string Path, string Method, OpenApiOperation Operation)> Operations(OpenApiDocument document) =>
        from path in document.Paths
        from operation in path.Value.Operations ?? []
        select (operation.Value.Tags?.FirstOrDefault()?.Name ?? "Other", path.Key, operation.Key.Method, operation.Value);

    private static JsonObject Request(string path, string method, OpenApiOperation operation)
    {
        var segments = path.Trim('/').Split('/').Select(s => s.StartsWith('{') && s.EndsWith('}') ? ":" + s[1..^1] : s).ToArray();
        var parameters = operation.Parameters ?? [];
        var query = parameters.Where(p => p.In == ParameterLocation.Query)
            .Select(p => (JsonNode)new JsonObject { ["key"] = p.Name, ["value"] = "", ["description"] = p.Description, ["disabled"] = true })
            .ToArray();
        var variables = parameters.Where(p => p.In == ParameterLocation.Path)
            .Select(p => (JsonNode)new JsonObject { ["key"] = p.Name, ["value"] = "", ["description"] = p.Description ?? "The record's id." })
            .ToArray();
        var url = new JsonObject
        {
            ["raw"] = "{{baseUrl}}/" + string.Join('/', segments),
            ["host"] = new JsonArray("{{baseUrl}}"),
            ["path"] = new JsonArray(segments.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray()),
        };
        if (query.Length > 0)
        {
            url["query"] = new JsonArray(query);
        }

        if (variables.Length > 0)
        {
            url["variable"] = new JsonArray(variables);
        }

        var request = new JsonObject
        {
            ["method"] = method,
            ["header"] = new JsonArray(),
            ["url"] = url,
            ["description"] = Description(operation),
        };
        if (operation.Security is { Count: 0 })
        {
            request["auth"] = new JsonObject { ["type"] = "noauth" };
        }

        if (operation.RequestBody?.Content is { Count: > 0 } content)
        {
            var (type, media) = content.First();
            request["body"] = type == "multipart/form-data"
                ? new JsonObject
                {
                    ["mode"] = "formdata",
                    ["formdata"] = new JsonArray((media.Schema?.Properties ?? new Dictionary<string, IOpenApiSchema>())
                        .Select(p => (JsonNode)(p.Value.Format == "binary"
                            ? new JsonObject { ["key"] = p.Key, ["type"] = "file", ["src"] = new JsonArray() }
                            : new JsonObject { ["key"] = p.Key, ["type"] = "text", ["value"] = "" })).ToArray()),
                }
                : new JsonObject
                {
                    ["mode"] = "raw",
                    ["raw"] = Example(media.Schema).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }),
                    ["options"] = new JsonObject { ["raw"] = new JsonObject { ["language"] = "json" } },
                };
        }

        return new JsonObject { ["name"] = operation.Summary ?? $"{method} {path}", ["request"] = request };
    }

    private static string Description(OpenApiOperation operation)
    {
        var scope = PlatformOpenApi.RequiredScope(operation);
        var needs = operation.Security is { Count: 0 } ? "No credential needed." : scope is null ? "Any credential." : $"Scope: {scope}.";
        return string.IsNullOrEmpty(operation.Description) ? needs : $"{operation.Description}\n\n{needs}";
    }

    /// <summary>An example body: each required property (or the first few) with a value of its type.</summary>
    private static JsonObject Example(IOpenApiSchema? schema)
    {
        var example = new JsonObject();
        var properties = schema?.Properties ?? new Dictionary<string, IOpenApiSchema>();
        var required = schema?.Required ?? new HashSet<string>();
        var shown = required.Count > 0 ? properties.Where(p => required.Contains(p.Key)) : properties.Take(3);
        foreach (var (name, property) in shown)
        {
            var type = (property.Type ?? JsonSchemaType.String) & ~JsonSchemaType.Null;
            example[name] = type switch
            {
                JsonSchemaType.Integer => 1,
                JsonSchemaType.Number => 10.5,
                JsonSchemaType.Boolean => true,
                JsonSchemaType.Array => new JsonArray(),
                JsonSchemaType.Object => new JsonObject(),
                _ => name.Replace('_', ' '),
            };
        }

        return example;
    }

    public const string TokenFolderName = "OAuth 2.0 token";

    private static JsonObject TokenFolder() => new()
    {
        ["name"] = TokenFolderName,
        ["item"] = new JsonArray(new JsonObject
        {
            ["name"] = "Get a client-credentials token",
            ["event"] = new JsonArray(new JsonObject
            {
                ["listen"] = "test",
                ["script"] = new JsonObject
                {
                    ["type"] = "text/javascript",
                    ["exec"] = new JsonArray(
                        "if (pm.response.code === 200) {",
                        "  pm.collectionVariables.set('accessToken', pm.response.json().access_token);",
                        "}"),
                },
            }),
            ["request"] = new JsonObject
            {
                ["method"] = "POST",
                ["auth"] = new JsonObject { ["type"] = "noauth" },
                ["header"] = new JsonArray(),
                ["url"] = new JsonObject
                {
                    ["raw"] = "{{baseUrl}}/auth/oauth/token",
                    ["host"] = new JsonArray("{{baseUrl}}"),
                    ["path"] = new JsonArray("auth", "oauth", "token"),
                },
                ["body"] = new JsonObject
                {
                    ["mode"] = "urlencoded",
                    ["urlencoded"] = new JsonArray(
                        Pair("grant_type", "client_credentials"), Pair("client_id", "{{clientId}}"),
                        Pair("client_secret", "{{clientSecret}}"), Pair("scope", "{{scope}}")),
                },
                ["description"] = "Exchanges the clientId and clientSecret variables (a machine-to-machine application from /apps) for an access token, stored in {{accessToken}}.",
            },
        }),
    };

    private static JsonObject Pair(string key, string value) => new() { ["key"] = key, ["value"] = value, ["type"] = "string" };

    private static JsonObject Variable(string key, string value) => new() { ["key"] = key, ["value"] = value, ["type"] = "string" };
}
