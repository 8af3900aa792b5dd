using System.Text.Json.Serialization;

namespace Notarial.Portal.Server.Features.ApiKeys;

/// <summary>The answer to creating or rotating a key: the secret, this once, and the key.</summary>
public sealed record CreatedApiKeyResponse(
    [property: JsonPropertyName("secret")] string Secret,
    [property: JsonPropertyName("api_key")] ApiKeyResponse ApiKey)
{
    public override string ToString() => $"CreatedApiKeyResponse {{ ApiKey = {ApiKey.Id} }}";
}
