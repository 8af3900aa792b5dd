using System.ComponentModel.DataAnnotations;

namespace Notarial.Portal.Server.OAuth;

/// <summary>The authorization server (section "OAuth").</summary>
public sealed class OAuthServerOptions
{
    public const string Section = "OAuth";

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    [Range(typeof(TimeSpan), "00:05:00", "365.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    [Range(typeof(TimeSpan), "00:00:30", "00:10:00")]
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan IdentityTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Accept plain http (Development and tests only). Defaults to on in Development.</summary>
    public bool? AllowHttp { get; set; }

    /// <summary>The issuer; when unset, the URL the server is reached at.</summary>
    public Uri? Issuer { get; set; }

    public TokenEndpointLimits TokenEndpoint { get; set; } = new();
}

/// <summary>Limits of the token endpoint, per client and per client IP, to blunt secret guessing.</summary>
public sealed class TokenEndpointLimits
{
    /// <summary>Token requests per client per minute.</summary>
    [Range(1, int.MaxValue)]
    public int PerClientPerMinute { get; set; } = 1200;

    /// <summary>Token requests per IP per minute.</summary>
    [Range(1, int.MaxValue)]
    public int PerIpPerMinute { get; set; } = 3000;

    /// <summary>Failed client authentications per client per 15 minutes before the client is refused for the window.</summary>
    [Range(1, int.MaxValue)]
    public int FailuresPerClient { get; set; } = 10;

    /// <summary>Failed client authentications per IP per 15 minutes.</summary>
    [Range(1, int.MaxValue)]
    public int FailuresPerIp { get; set; } = 30;
}
