namespace Notarial.Portal.Features.ApiKeys;

/// <summary>A key as its owner sees it (never the secret), with its state at the time it was read.</summary>
public sealed record ApiKeyView(
    Guid Id,
    string Name,
    ApiKeyType Type,
    string Environment,
    IReadOnlyList<string> Scopes,
    string Hint,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    IReadOnlyList<string> AllowedIps,
    int? RequestsPerHour,
    int? BurstPerSecond,
    ApiKeyState State,
    DateTimeOffset? LastUsedAt,
    string? LastUsedIp,
    Guid? RotatedFromId,
    Guid? ReplacedById,
    DateTimeOffset? RetiresAt,
    DateTimeOffset? RevokedAt,
    string? RevokedReason)
{
    /// <summary>When it stops working: its expiry, or the end of the rotation grace if sooner.</summary>
    public DateTimeOffset? EndsAt => RetiresAt is { } retires && (ExpiresAt is null || retires < ExpiresAt) ? retires : ExpiresAt;

    public bool IsUsable => State is ApiKeyState.Active or ApiKeyState.Rotating;

    public static ApiKeyView From(ApiKey key, DateTimeOffset now, ApiKeyUsage? pendingUsage = null)
    {
        var (lastUsedAt, lastUsedIp) = pendingUsage is { } usage && (key.LastUsedAt is null || usage.At > key.LastUsedAt)
            ? (usage.At, usage.IpAddress)
            : (key.LastUsedAt, key.LastUsedIp);
        return new ApiKeyView(key.Id, key.Name, key.Type, key.Environment, key.ScopeList, key.Hint, key.CreatedAt, key.ExpiresAt,
            key.AllowedIpList, key.RequestsPerHour, key.BurstPerSecond, key.StateAt(now), lastUsedAt, lastUsedIp,
            key.RotatedFromId, key.ReplacedById, key.RetiresAt, key.RevokedAt, key.RevokedReason);
    }
}
