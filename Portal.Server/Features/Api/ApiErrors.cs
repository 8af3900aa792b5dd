using System.Text.Json;
using Notarial.Portal.Server.Features.Audit;

namespace Notarial.Portal.Server.Features.Api;

/// <summary>Writes the platform API's error envelope. The one place that turns an expected failure into a response.</summary>
public static class ApiErrors
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ApiErrorResponse Create(HttpContext context, string type, string code, string message, IReadOnlyList<ApiFieldError>? fields = null)
    {
        // Every envelope is made here: the audit log takes the response's error code from this.
        var audit = context.Features.Get<ApiAuditFeature>();
        if (audit is not null)
        {
            audit.ErrorCode = code;
        }

        return new(new ApiError(type, code, message, context.TraceIdentifier) { Fields = fields });
    }

    public static async Task WriteAsync(HttpContext context, int status, string type, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsJsonAsync(Create(context, type, code, message), Json, context.RequestAborted);
    }

    /// <summary>The envelope for a status code that left the pipeline without a body (no endpoint, no handler wrote one).</summary>
    public static Task WriteForStatusAsync(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var (type, code, message) = status switch
        {
            401 => (ApiErrorTypes.Authentication, "invalid_api_key", "Authentication is required: send an API key (X-API-Key) or a bearer token."),
            403 => (ApiErrorTypes.Permission, "insufficient_scope", "The credential is not allowed to do this."),
            404 => (ApiErrorTypes.InvalidRequest, "not_found", "There is nothing at this path."),
            405 => (ApiErrorTypes.InvalidRequest, "method_not_allowed", $"This path does not accept {context.Request.Method}."),
            413 => (ApiErrorTypes.InvalidRequest, "payload_too_large", "The request body is too large."),
            415 => (ApiErrorTypes.InvalidRequest, "unsupported_media_type", "This content type is not accepted here."),
            429 => (ApiErrorTypes.RateLimit, "rate_limit_exceeded", "Too many requests."),
            >= 500 => (ApiErrorTypes.Api, "internal_error", "Something went wrong on our side. Quote the request id to support."),
            _ => (ApiErrorTypes.InvalidRequest, "invalid_request", "The request could not be processed."),
        };
        return WriteAsync(context, status, type, code, message);
    }
}
