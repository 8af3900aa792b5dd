using System.Text;
using System.Text.Json;

namespace Notarial.Portal.Server.OAuth;

/// <summary>
/// Seed 003 posts its token exchange and refresh as <c>Content-Type: application/json</c>. RFC 6749 asks for a form, and
/// OpenIddict reads only forms, so a JSON object of string parameters is rewritten into the same form body before
/// anything reads the request — every validation then applies exactly as to a form. Anything but an object of strings
/// is an RFC 6749 <c>invalid_request</c>.
/// </summary>
public sealed class JsonTokenRequests(RequestDelegate next)
{
    public const int MaxBytes = 16 * 1024;
    private static readonly PathString[] TokenPaths = ["/auth/oauth/token", "/api/oauth/token"];

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) || !TokenPaths.Contains(request.Path) || !request.HasJsonContentType())
        {
            await next(context);
            return;
        }

        var (form, error) = await ReadAsync(request);
        if (form is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = "invalid_request", ["error_description"] = error! });
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(form);
        request.Body = new MemoryStream(bytes);
        request.ContentLength = bytes.Length;
        request.ContentType = "application/x-www-form-urlencoded";
        await next(context);
    }

    private static async Task<(string? Form, string? Error)> ReadAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, $"The request body is larger than {MaxBytes / 1024} kB.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                return (null, $"The request body is larger than {MaxBytes / 1024} kB.");
            }
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException)
        {
            return (null, "The request body is not valid JSON.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, "The request body must be a JSON object of parameters, e.g. {\"grant_type\": \"refresh_token\", ...}.");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pairs = new List<string>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    return (null, $"The parameter '{property.Name}' appears twice.");
                }

                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.Null:
                        continue;
                    case JsonValueKind.String:
                        pairs.Add(Uri.EscapeDataString(property.Name) + "=" + Uri.EscapeDataString(property.Value.GetString()!));
                        break;
                    default:
                        return (null, $"The parameter '{property.Name}' must be a string" +
                                      (property.Name == "scope" ? " of space-separated scopes, e.g. \"read write\"." : "."));
                }
            }

            return (string.Join('&', pairs), null);
        }
    }
}
