using System.Text.Json.Serialization;

namespace Notarial.Portal.Server.Features.Applications;

/// <summary>
/// The answer to a registration or a secret rotation: the client id and, for confidential applications, the client
/// secret — shown this once, stored only as a hash.
/// </summary>
public sealed record ApplicationSecretResponse(
    [property: JsonPropertyName("client_id")] string ClientId,
    [property: JsonPropertyName("client_secret")] string? ClientSecret,
    [property: JsonPropertyName("application")] ApplicationResponse Application);
