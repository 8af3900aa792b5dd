using System.Net.Http.Headers;
using System.Text.Json;

namespace Notarial.Portal.Sdk;

/// <summary>
/// A call the platform refused: its error envelope <c>{"error":{"type","code","message","request_id"}}</c>, or the token
/// endpoint's OAuth error. <see cref="Code"/> is what to branch on (<c>invalid_api_key</c>, <c>insufficient_scope</c>,
/// <c>rate_limit_exceeded</c>, <c>validation_failed</c>, <c>not_found</c>, <c>invalid_client</c>…); <see cref="RequestId"/>
/// is what support asks for.
/// </summary>
public class NotarialApiException : Exception
{
    /// <summary>Reads a refused answer (its body as text and its headers).</summary>
    public NotarialApiException(string message, int statusCode, string? response, IReadOnlyDictionary<string, IEnumerable<string>> headers, Exception? innerException)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(headers);
        StatusCode = statusCode;
        Response = response;
        Headers = headers;
        (Type, Code, ErrorMessage, RequestId) = ReadEnvelope(statusCode, response);
        RequestId ??= headers.FirstOrDefault(h => string.Equals(h.Key, "X-Request-ID", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        var retryAfter = headers.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        if (retryAfter is not null && RetryConditionHeaderValue.TryParse(retryAfter, out var parsed))
        {
            RetryAfter = parsed.Delta ?? (parsed.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        }
    }

    /// <summary>The HTTP status of the answer.</summary>
    public int StatusCode { get; }

    /// <summary>The error's type: <c>authentication_error</c>, <c>permission_error</c>, <c>rate_limit_error</c>, <c>invalid_request_error</c>…, or <c>oauth_error</c>.</summary>
    public string Type { get; }

    /// <summary>The error code, e.g. <c>invalid_api_key</c>.</summary>
    public string Code { get; }

    /// <summary>The server's message for a person.</summary>
    public string ErrorMessage { get; }

    /// <summary>The request id the server gave the call (its <c>X-Request-ID</c>).</summary>
    public string? RequestId { get; }

    /// <summary>How long the server asked to wait (<c>Retry-After</c>), when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The body of the answer, for the details some errors carry (<c>fields</c>, <c>rows</c>, <c>problems</c>).</summary>
    public string? Response { get; }

    /// <summary>The answer's headers.</summary>
    public IReadOnlyDictionary<string, IEnumerable<string>> Headers { get; }

    /// <inheritdoc />
    public override string ToString() => $"{GetType().Name}: {StatusCode} {Code}: {ErrorMessage} (request {RequestId})";

    private static (string Type, string Code, string Message, string? RequestId) ReadEnvelope(int status, string? response)
    {
        var fallback = ("api_error", $"http_{status}", $"The server answered {status}.", (string?)null);
        if (string.IsNullOrWhiteSpace(response))
        {
            return fallback;
        }

        try
        {
            using var document = JsonDocument.Parse(response);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("error", out var error))
            {
                return fallback;
            }

            if (error.ValueKind == JsonValueKind.String)
            {
                var code = error.GetString()!;
                var description = document.RootElement.TryGetProperty("error_description", out var d) ? d.GetString() : null;
                return ("oauth_error", code, description ?? code, null);
            }

            string? Text(string name) => error.ValueKind == JsonValueKind.Object && error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
            return (Text("type") ?? fallback.Item1, Text("code") ?? fallback.Item2, Text("message") ?? fallback.Item3, Text("request_id"));
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): the status is all there is.
            return fallback;
        }
    }
}

/// <summary>A refused call whose body the OpenAPI document describes (the generated client's form of the error).</summary>
public class NotarialApiException<TResult> : NotarialApiException
{
    /// <summary>Reads a refused answer with its parsed body.</summary>
    public NotarialApiException(string message, int statusCode, string? response, IReadOnlyDictionary<string, IEnumerable<string>> headers, TResult result, Exception? innerException)
        : base(message, statusCode, response, headers, innerException)
    {
        Result = result;
    }

    /// <summary>The parsed body.</summary>
    public TResult Result { get; }
}
