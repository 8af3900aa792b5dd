using System.Text.Json.Serialization;

namespace Notarial.Portal.Server.Features.ApiKeys;

/// <summary><c>POST /api/v1/keys/report-leak</c>: the plaintext of a key found where it should not be.</summary>
public sealed record LeakReportRequest([property: JsonPropertyName("key")] string? Key)
{
    public override string ToString() => "LeakReportRequest { Key = *** }";
}
