using System.Text.Json.Serialization;

namespace Notarial.Portal.Server.Features.Applications;

/// <summary>The body of <c>PATCH /api/v1/apps/{id}</c>: fields left out stay as they are; lists replace the whole list.</summary>
public sealed record UpdateApplicationRequest(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("homepage_url")] string? HomepageUrl,
    [property: JsonPropertyName("logo_url")] string? LogoUrl,
    [property: JsonPropertyName("environment")] string? Environment,
    [property: JsonPropertyName("redirect_uris")] IReadOnlyList<string?>? RedirectUris,
    [property: JsonPropertyName("post_logout_redirect_uris")] IReadOnlyList<string?>? PostLogoutRedirectUris,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string?>? Scopes,
    [property: JsonPropertyName("disabled")] bool? Disabled);
