using Microsoft.OpenApi;

namespace Notarial.Portal.Server.Features.Docs;

/// <summary>
/// Documents a multipart form body for an endpoint that reads its form itself (so it can answer a wrong content type
/// with the API's own error rather than the framework's bare 415).
/// </summary>
public sealed record FormBodyMetadata(params FormBodyField[] Fields)
{
    public OpenApiRequestBody ToRequestBody()
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = Fields.ToDictionary(f => f.Name, f => (IOpenApiSchema)new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Format = f.IsFile ? "binary" : null,
                Description = f.Description,
            }),
            Required = Fields.Where(f => f.Required).Select(f => f.Name).ToHashSet(),
        };
        return new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType> { ["multipart/form-data"] = new() { Schema = schema } },
        };
    }
}

public sealed record FormBodyField(string Name, bool Required, bool IsFile, string Description);
