using System.Net;

namespace Notarial.Portal.Features.ApiKeys;

/// <summary>
/// The rights of a credential that manages keys through the API (a key or token with <c>keys:manage</c>). Whatever it
/// creates or changes stays within them: scopes it holds, its own environment, addresses it may be used from, its rate
/// limits and its expiry. Null members are unbounded.
/// </summary>
public sealed record ApiKeyCeiling(
    IReadOnlyCollection<string> Scopes,
    string? Environment,
    DateTimeOffset? ExpiresAt = null,
    IReadOnlyList<IPNetwork>? Networks = null,
    int? RequestsPerHour = null,
    int? BurstPerSecond = null)
{
    /// <summary>The rights of a verified key.</summary>
    public static ApiKeyCeiling Of(VerifiedApiKey key) =>
        new(key.Scopes, key.Environment, key.EndsAt, key.Networks.Length == 0 ? null : key.Networks, key.RequestsPerHour, key.BurstPerSecond);
}
