using System.Text.Json.Serialization;

namespace Notarial.Portal.Server.Features.Applications;

/// <summary>The caller's applications, newest first.</summary>
public sealed record ApplicationListResponse([property: JsonPropertyName("data")] IReadOnlyList<ApplicationResponse> Data);
