using System.Text.Json.Serialization;

namespace Notarial.Portal.Server.Features.ApiKeys;

/// <summary>
/// <c>POST /api/v1/keys</c>. <c>expires</c>: <c>30d</c>, <c>90d</c> (default), <c>1y</c>, <c>never</c>, a date or a time.
/// Rate limits default to the type's; internal keys have none.
/// </summary>
public sealed record CreateApiKeyRequest(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("environment")] string? Environment,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string>? Scopes,
    [property: JsonPropertyName("expires")] string? Expires,
    [property: JsonPropertyName("allowed_ips")] IReadOnlyList<string>? AllowedIps,
    [property: JsonPropertyName("requests_per_hour")] int? RequestsPerHour,
    [property: JsonPropertyName("burst_per_second")] int? BurstPerSecond);
