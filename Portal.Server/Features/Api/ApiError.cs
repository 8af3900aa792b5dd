using System.Text.Json.Serialization;

namespace Notarial.Portal.Server.Features.Api;

/// <summary>The platform API's error envelope (seeds 003 and 004):
/// <c>{"error":{"type":"authentication_error","code":"invalid_api_key","message":"...","request_id":"..."}}</c>.</summary>
public sealed record ApiErrorResponse([property: JsonPropertyName("error")] ApiError Error);

public sealed record ApiError(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("request_id")] string RequestId)
{
    /// <summary>Per-field problems of a <c>validation_failed</c> error.</summary>
    [JsonPropertyName("fields")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ApiFieldError>? Fields { get; init; }

    /// <summary>Problems of a refused query (<c>POST /api/query</c>), each with its place in the query text.</summary>
    [JsonPropertyName("problems")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ApiQueryProblem>? Problems { get; init; }

    /// <summary>Per-row problems of a refused import.</summary>
    [JsonPropertyName("rows")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ApiRowError>? Rows { get; init; }
}

public sealed record ApiRowError(
    [property: JsonPropertyName("row")] int Row,
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("message")] string Message);

public sealed record ApiQueryProblem(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("line")] int? Line,
    [property: JsonPropertyName("column")] int? Column);

public sealed record ApiFieldError(
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("message")] string Message);

/// <summary>The error types of the envelope.</summary>
public static class ApiErrorTypes
{
    public const string Authentication = "authentication_error";
    public const string Permission = "permission_error";
    public const string InvalidRequest = "invalid_request_error";
    public const string RateLimit = "rate_limit_error";
    public const string Api = "api_error";
}
