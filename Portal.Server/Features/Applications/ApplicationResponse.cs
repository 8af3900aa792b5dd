using System.Text.Json.Serialization;
using Notarial.Portal.Features.Applications;

namespace Notarial.Portal.Server.Features.Applications;

/// <summary>An application in the management API. Never carries a secret (only its creation and rotation answers do).</summary>
public sealed record ApplicationResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("client_id")] string ClientId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("client_type")] string ClientType,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("homepage_url")] string? HomepageUrl,
    [property: JsonPropertyName("logo_url")] string? LogoUrl,
    [property: JsonPropertyName("environment")] string Environment,
    [property: JsonPropertyName("redirect_uris")] IReadOnlyList<string> RedirectUris,
    [property: JsonPropertyName("post_logout_redirect_uris")] IReadOnlyList<string> PostLogoutRedirectUris,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string> Scopes,
    [property: JsonPropertyName("disabled")] bool Disabled,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updated_at")] DateTimeOffset? UpdatedAt,
    [property: JsonPropertyName("secret_rotated_at")] DateTimeOffset? SecretRotatedAt,
    [property: JsonPropertyName("previous_secret_expires_at")] DateTimeOffset? PreviousSecretExpiresAt,
    [property: JsonPropertyName("last_token_issued_at")] DateTimeOffset? LastTokenIssuedAt,
    [property: JsonPropertyName("active_grants")] int ActiveGrants,
    [property: JsonPropertyName("active_refresh_tokens")] int ActiveRefreshTokens)
{
    public static ApplicationResponse From(ApplicationView view) => new(
        view.Id, view.ClientId, view.Name, ApplicationKinds.ApiName(view.Kind), view.IsConfidential ? "confidential" : "public",
        view.Description, view.HomepageUrl, view.LogoUrl, view.Environment, view.RedirectUris, view.PostLogoutRedirectUris, view.Scopes,
        view.Disabled, view.CreatedAt, view.UpdatedAt, view.SecretRotatedAt, view.PreviousSecretExpiresAt, view.LastTokenIssuedAt,
        view.ActiveGrants, view.ActiveRefreshTokens);
}
