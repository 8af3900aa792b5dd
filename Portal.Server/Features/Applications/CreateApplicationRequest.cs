using System.Text.Json.Serialization;

namespace Notarial.Portal.Server.Features.Applications;

/// <summary>The body of <c>POST /api/v1/apps</c> (and of seed 003's <c>POST /oauth/applications</c>).</summary>
public sealed record CreateApplicationRequest(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("homepage_url")] string? HomepageUrl,
    [property: JsonPropertyName("logo_url")] string? LogoUrl,
    [property: JsonPropertyName("environment")] string? Environment,
    [property: JsonPropertyName("redirect_uris")] IReadOnlyList<string?>? RedirectUris,
    [property: JsonPropertyName("post_logout_redirect_uris")] IReadOnlyList<string?>? PostLogoutRedirectUris,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string?>? Scopes);
