using System.Text.Json.Serialization;

namespace Notarial.Portal.Server.Features.ApiKeys;

/// <summary>A key's rate limit; absent for internal keys, which have none.</summary>
public sealed record ApiKeyRateLimitResponse(
    [property: JsonPropertyName("requests_per_hour")] int RequestsPerHour,
    [property: JsonPropertyName("burst_per_second")] int BurstPerSecond);
