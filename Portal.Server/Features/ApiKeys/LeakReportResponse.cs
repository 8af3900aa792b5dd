using System.Text.Json.Serialization;

namespace Notarial.Portal.Server.Features.ApiKeys;

/// <summary>The answer to a leak report: the same whatever the key was.</summary>
public sealed record LeakReportResponse(
    [property: JsonPropertyName("received")] bool Received,
    [property: JsonPropertyName("message")] string Message);
