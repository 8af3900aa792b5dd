using System.ComponentModel.DataAnnotations;

namespace Notarial.Portal.Features.OAuth.Keys;

/// <summary>Key rotation (section "OAuth:Keys").</summary>
public sealed class SigningKeyOptions
{
    public const string Section = "OAuth:Keys";

    /// <summary>A new key is made when the active one is this old.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan RotationPeriod { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// How long a new key is published before it signs anything, so every instance (and every client caching JWKS) knows
    /// it first. Must exceed <see cref="ReloadInterval"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ActivationDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often each instance re-reads the keys (a rotation made elsewhere is seen within this).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a replaced key keeps validating: longer than the longest token lifetime (refresh tokens, 30 days).</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(31);

    [Range(2048, 4096)]
    public int KeySize { get; set; } = 2048;
}
