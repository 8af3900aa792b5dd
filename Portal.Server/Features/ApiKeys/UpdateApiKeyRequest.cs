using System.Text.Json.Serialization;

namespace Notarial.Portal.Server.Features.ApiKeys;

/// <summary><c>PATCH /api/v1/keys/{id}</c>: the fields given replace the current ones; <c>allowed_ips: []</c> allows any address.</summary>
public sealed record UpdateApiKeyRequest(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string>? Scopes,
    [property: JsonPropertyName("expires")] string? Expires,
    [property: JsonPropertyName("allowed_ips")] IReadOnlyList<string>? AllowedIps,
    [property: JsonPropertyName("requests_per_hour")] int? RequestsPerHour,
    [property: JsonPropertyName("burst_per_second")] int? BurstPerSecond);
