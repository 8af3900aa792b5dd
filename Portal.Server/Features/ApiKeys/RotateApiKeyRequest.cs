using System.Text.Json.Serialization;

namespace Notarial.Portal.Server.Features.ApiKeys;

/// <summary><c>POST /api/v1/keys/{id}/rotate</c>: how long the old key keeps working — <c>now</c>, <c>1h</c>, <c>24h</c> or <c>7d</c>.</summary>
public sealed record RotateApiKeyRequest([property: JsonPropertyName("grace")] string? Grace);
