namespace Notarial.Portal.Features.ScaleOut;

/// <summary>
/// Redis for what several instances share (section "Redis"): rate-limit counters, invalidation messages and the Data
/// Protection key ring. Unset (the default), everything stays in-process, as one instance needs.
/// </summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. "127.0.0.1:6379" (abortConnect=false is implied).</summary>
    public string? Configuration { get; set; }

    /// <summary>Prepended to every key and channel, so several portals (or test runs) can share one Redis.</summary>
    public string Prefix { get; set; } = "notarial:";

    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);
}
