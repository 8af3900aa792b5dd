using System.ComponentModel.DataAnnotations;

namespace Notarial.Portal.Server.Features.Platform;

/// <summary>Rate limits of the platform API (section "RateLimits"); defaults from seed 003's table.</summary>
public sealed class PlatformRateLimitOptions
{
    public const string Section = "RateLimits";

    public RateLimit ApiKey { get; set; } = new() { PerHour = 10_000, PerSecond = 100 };

    public RateLimit OAuthToken { get; set; } = new() { PerHour = 5_000, PerSecond = 50 };

    /// <summary>The portal's own calls for the signed-in user (the "try it" console).</summary>
    public RateLimit Session { get; set; } = new() { PerHour = 5_000, PerSecond = 50 };

    public RateLimit Anonymous { get; set; } = new() { PerHour = 100, PerSecond = 5 };
}

public sealed class RateLimit
{
    /// <summary>Sustained budget per clock hour; 0 = unlimited.</summary>
    [Range(0, long.MaxValue)]
    public long PerHour { get; set; }

    /// <summary>Burst budget per second; 0 = unlimited.</summary>
    [Range(0, long.MaxValue)]
    public long PerSecond { get; set; }
}
