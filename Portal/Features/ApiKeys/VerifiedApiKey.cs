using System.Net;

namespace Notarial.Portal.Features.ApiKeys;

/// <summary>
/// What verification needs to know about a key, read once from the database and then served from memory
/// (<see cref="ApiKeyCache"/>). Immutable: a change replaces it. Also the per-request feature that tells later stages
/// (the rate limiter, the audit log) which key called and with which limits.
/// </summary>
public sealed class VerifiedApiKey
{
    public VerifiedApiKey(ApiKey key)
    {
        Id = key.Id;
        IdText = key.Id.ToString();
        OwnerId = key.OwnerId;
        Type = key.Type;
        Environment = key.Environment;
        Scopes = [.. key.ScopeList];
        Hint = key.Hint;
        EndsAt = key.EndsAt;
        RevokedAt = key.RevokedAt;
        Networks = ApiKeyIpAllowlist.FromStored(key.AllowedIps);
        RequestsPerHour = key.RequestsPerHour;
        BurstPerSecond = key.BurstPerSecond;
        RequestsPerHourText = (RequestsPerHour ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
        BurstPerSecondText = (BurstPerSecond ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public Guid Id { get; }

    /// <summary>The id as the credential id claim carries it, made once.</summary>
    public string IdText { get; }

    public string OwnerId { get; }

    public ApiKeyType Type { get; }

    public string Environment { get; }

    public string[] Scopes { get; }

    public string Hint { get; }

    /// <summary>Expiry or end of rotation grace, whichever is first; checked against the clock on every request.</summary>
    public DateTimeOffset? EndsAt { get; }

    public DateTimeOffset? RevokedAt { get; }

    /// <summary>Where the key may be used from; empty for anywhere.</summary>
    public IPNetwork[] Networks { get; }

    /// <summary>Sustained rate limit; null for none (internal keys). Enforced by the platform API's limiter.</summary>
    public int? RequestsPerHour { get; }

    public int? BurstPerSecond { get; }

    /// <summary>The limits as the rate-limit claims carry them (0 for none), made once.</summary>
    public string RequestsPerHourText { get; }

    public string BurstPerSecondText { get; }
}
