using System.Text.Json.Serialization;
using Notarial.Portal.Features.ApiKeys;

namespace Notarial.Portal.Server.Features.ApiKeys;

/// <summary>A key in the management API (never its secret).</summary>
public sealed record ApiKeyResponse(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("environment")] string Environment,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string> Scopes,
    [property: JsonPropertyName("hint")] string Hint,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("expires_at")] DateTimeOffset? ExpiresAt,
    [property: JsonPropertyName("allowed_ips")] IReadOnlyList<string> AllowedIps,
    [property: JsonPropertyName("rate_limit")] ApiKeyRateLimitResponse? RateLimit,
    [property: JsonPropertyName("last_used_at")] DateTimeOffset? LastUsedAt,
    [property: JsonPropertyName("last_used_ip")] string? LastUsedIp,
    [property: JsonPropertyName("rotated_from")] Guid? RotatedFrom,
    [property: JsonPropertyName("replaced_by")] Guid? ReplacedBy,
    [property: JsonPropertyName("retires_at")] DateTimeOffset? RetiresAt,
    [property: JsonPropertyName("revoked_at")] DateTimeOffset? RevokedAt,
    [property: JsonPropertyName("revoked_reason")] string? RevokedReason)
{
    public static ApiKeyResponse From(ApiKeyView key) => new(
        key.Id, key.Name, ApiKeyTypes.Name(key.Type), key.Environment, key.Scopes, key.Hint, StateName(key.State), key.CreatedAt,
        key.ExpiresAt, key.AllowedIps,
        key.RequestsPerHour is { } hour && key.BurstPerSecond is { } burst ? new ApiKeyRateLimitResponse(hour, burst) : null,
        key.LastUsedAt, key.LastUsedIp, key.RotatedFromId, key.ReplacedById, key.RetiresAt, key.RevokedAt, key.RevokedReason);

    public static string StateName(ApiKeyState state) => state switch
    {
        ApiKeyState.Active => "active",
        ApiKeyState.Rotating => "rotating",
        ApiKeyState.Expired => "expired",
        _ => "revoked",
    };
}
