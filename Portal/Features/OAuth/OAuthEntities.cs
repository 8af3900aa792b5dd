using OpenIddict.EntityFrameworkCore.Models;

namespace Notarial.Portal.Features.OAuth;

/// <summary>
/// An OAuth client: OpenIddict's application record plus what the portal knows about it (owner, kind, description,
/// environment, state, the previous secret during a rotation's grace period).
/// </summary>
public sealed class OAuthApplication : OpenIddictEntityFrameworkCoreApplication<string, OAuthAuthorization, OAuthToken>
{
    /// <summary>The developer who owns it; null for applications the system owns (plugins).</summary>
    public string? OwnerId { get; set; }

    public ApplicationKind Kind { get; set; }

    public string? Description { get; set; }

    public string? HomepageUrl { get; set; }

    public string? LogoUrl { get; set; }

    /// <summary>"live" or "test": which data its tokens reach.</summary>
    public string Environment { get; set; } = Platform.PlatformEnvironments.Live;

    /// <summary>A disabled application gets no tokens, and its tokens stop working.</summary>
    public bool Disabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>The hash of the secret replaced by the last rotation, accepted until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousClientSecret { get; set; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; set; }

    public DateTimeOffset? SecretRotatedAt { get; set; }

    /// <summary>When a token was last issued to it (updated in batches, not per token).</summary>
    public DateTimeOffset? LastTokenIssuedAt { get; set; }
}

/// <summary>A grant: a user's consent to an application (or the system's, for client credentials).</summary>
public sealed class OAuthAuthorization : OpenIddictEntityFrameworkCoreAuthorization<string, OAuthApplication, OAuthToken>;

/// <summary>A scope registered with OpenIddict (unused: the portal's scopes are a fixed catalog).</summary>
public sealed class OAuthScope : OpenIddictEntityFrameworkCoreScope<string>;

/// <summary>A token entry: authorization codes and refresh tokens (access tokens are self-contained JWTs).</summary>
public sealed class OAuthToken : OpenIddictEntityFrameworkCoreToken<string, OAuthApplication, OAuthAuthorization>;
