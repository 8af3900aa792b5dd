using System.Text.Json.Serialization;

namespace Notarial.Portal.Server.Features.ApiKeys;

/// <summary><c>GET /api/v1/keys</c>: the caller's keys, newest first.</summary>
public sealed record ApiKeyListResponse([property: JsonPropertyName("data")] IReadOnlyList<ApiKeyResponse> Data);
