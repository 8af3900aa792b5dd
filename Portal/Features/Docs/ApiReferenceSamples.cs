using System.Text;

namespace Notarial.Portal.Features.Docs;

/// <summary>The curl line shown under each operation: the key from an environment variable, never a real one.</summary>
public static class ApiReferenceSamples
{
    public static string Curl(string origin, ApiReferenceOperation operation)
    {
        var text = new StringBuilder("curl");
        if (operation.Method != "GET")
        {
            text.Append(" -X ").Append(operation.Method);
        }

        text.Append(" \"").Append(origin).Append(ExamplePath(operation)).Append('"');
        if (!operation.Anonymous)
        {
            text.Append(" \\\n  -H \"X-API-Key: $NOTARIAL_API_KEY\"");
        }

        if (operation.BodyContentType == "multipart/form-data")
        {
            foreach (var field in operation.BodyFields)
            {
                text.Append(" \\\n  -F ").Append(field.Type == "file" ? $"{field.Name}=@{field.Name}.csv" : $"{field.Name}=…");
            }
        }
        else if (operation.BodyContentType is not null)
        {
            var required = operation.BodyFields.Where(f => f.Required).ToList();
            var shown = required.Count > 0 ? required : operation.BodyFields.Take(3).ToList();
            var body = string.Join(",", shown.Select(f => $"\"{f.Name}\":{Placeholder(f)}"));
            text.Append(" \\\n  -H \"Content-Type: application/json\" \\\n  -d '{").Append(body).Append("}'");
        }

        return text.ToString();
    }

    private static string ExamplePath(ApiReferenceOperation operation)
    {
        var path = operation.Path;
        foreach (var parameter in operation.Parameters.Where(p => p.In == "path"))
        {
            path = path.Replace("{" + parameter.Name + "}", parameter.Name == "id" ? "ID" : parameter.Name.ToUpperInvariant(), StringComparison.Ordinal);
        }

        return path;
    }

    private static string Placeholder(ApiReferenceField field) => field.Type switch
    {
        "integer" => "1",
        "number" => "10.5",
        "boolean" => "true",
        var t when t.StartsWith("array", StringComparison.Ordinal) => "[]",
        "object" => "{}",
        _ => $"\"{field.Name.Replace('_', ' ')}\"",
    };
}
