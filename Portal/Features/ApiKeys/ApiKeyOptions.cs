using System.ComponentModel.DataAnnotations;

namespace Notarial.Portal.Features.ApiKeys;

/// <summary>Settings of API keys (section "ApiKeys"): rate-limit defaults and maximums, and the verification cache.</summary>
public sealed class ApiKeyOptions
{
    public const string Section = "ApiKeys";

    /// <summary>Requests per hour a client or partner key gets unless its creator picks another figure (PRODUCT.md).</summary>
    [Range(1, int.MaxValue)]
    public int DefaultRequestsPerHour { get; set; } = 10_000;

    /// <summary>Requests per second in a burst, by default (PRODUCT.md).</summary>
    [Range(1, int.MaxValue)]
    public int DefaultBurstPerSecond { get; set; } = 100;

    /// <summary>The most a client key may be given: client keys serve one customer's own data.</summary>
    [Range(1, int.MaxValue)]
    public int ClientMaxRequestsPerHour { get; set; } = 10_000;

    [Range(1, int.MaxValue)]
    public int ClientMaxBurstPerSecond { get; set; } = 100;

    /// <summary>The most a partner key may be given.</summary>
    [Range(1, int.MaxValue)]
    public int PartnerMaxRequestsPerHour { get; set; } = 100_000;

    [Range(1, int.MaxValue)]
    public int PartnerMaxBurstPerSecond { get; set; } = 1_000;

    /// <summary>How long a verified key is served from memory before it is read again. Changes made on this instance (or
    /// announced through the invalidation bus) apply at once; this bounds how long a lost message can matter.</summary>
    [Range(1, 30)]
    public int CacheSeconds { get; set; } = 30;

    /// <summary>How long a hash that matches no key is remembered, so a flood of well-formed unknown keys does not reach the database.</summary>
    [Range(0, 30)]
    public int UnknownKeyCacheSeconds { get; set; } = 5;

    /// <summary>Most verified keys kept in memory.</summary>
    [Range(100, 10_000_000)]
    public int CacheSize { get; set; } = 100_000;

    /// <summary>How often "last used" times and addresses are written to the database.</summary>
    [Range(1, 300)]
    public int UsageFlushSeconds { get; set; } = 5;

    public int MaxRequestsPerHour(ApiKeyType type) => type == ApiKeyType.Client ? ClientMaxRequestsPerHour : PartnerMaxRequestsPerHour;

    public int MaxBurstPerSecond(ApiKeyType type) => type == ApiKeyType.Client ? ClientMaxBurstPerSecond : PartnerMaxBurstPerSecond;
}
