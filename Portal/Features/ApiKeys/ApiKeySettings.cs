using System.Net;

namespace Notarial.Portal.Features.ApiKeys;

/// <summary>A key's settings once validated and normalised (<see cref="ApiKeyRules"/>).</summary>
internal sealed record ApiKeySettings(
    string Name,
    ApiKeyType Type,
    string Environment,
    IReadOnlyList<string> Scopes,
    DateTimeOffset? ExpiresAt,
    IReadOnlyList<IPNetwork> Networks,
    int? RequestsPerHour,
    int? BurstPerSecond);
