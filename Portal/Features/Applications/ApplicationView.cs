using Notarial.Portal.Features.OAuth;

namespace Notarial.Portal.Features.Applications;

/// <summary>
/// An application as its developer sees it. <see cref="ActiveGrants"/> counts the users who consented and have not
/// revoked; <see cref="ActiveRefreshTokens"/> the refresh tokens still usable. Access tokens are self-contained JWTs
/// with no database row, so they are not counted (they expire within the hour).
/// </summary>
public sealed record ApplicationView(
    string Id,
    string ClientId,
    string Name,
    ApplicationKind Kind,
    string? Description,
    string? HomepageUrl,
    string? LogoUrl,
    string Environment,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> PostLogoutRedirectUris,
    IReadOnlyList<string> Scopes,
    bool Disabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? SecretRotatedAt,
    DateTimeOffset? PreviousSecretExpiresAt,
    DateTimeOffset? LastTokenIssuedAt,
    int ActiveGrants,
    int ActiveRefreshTokens)
{
    public bool IsConfidential => ApplicationKinds.IsConfidential(Kind);

    public bool SignsUsersIn => ApplicationKinds.SignsUsersIn(Kind);
}
