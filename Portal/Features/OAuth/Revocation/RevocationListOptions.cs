namespace Notarial.Portal.Features.OAuth.Revocation;

/// <summary>What the revocation list needs of the server's settings (bound from the "OAuth" section).</summary>
public sealed class RevocationListOptions
{
    /// <summary>The lifetime of access tokens: a revocation must be remembered this long.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);
}
