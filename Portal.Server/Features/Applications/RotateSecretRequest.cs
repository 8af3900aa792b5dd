using System.Text.Json.Serialization;

namespace Notarial.Portal.Server.Features.Applications;

/// <summary>The body of <c>POST /api/v1/apps/{id}/secret:rotate</c>: how long the current secret keeps working (now, 1h, 24h, 7d; now when left out).</summary>
public sealed record RotateSecretRequest([property: JsonPropertyName("grace")] string? Grace);
