using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Notarial.Portal.Features.Webhooks;

/// <summary>
/// The signature headers of one attempt. <c>X-Webhook-Signature</c> is seed 003's: the lowercase hex HMAC-SHA256 of the
/// body with the current secret. <c>X-Webhook-Signature-256</c> adds replay protection: <c>t=&lt;timestamp&gt;,v1=&lt;hex
/// HMAC of "timestamp.body"&gt;</c>, one v1 per secret that signs (both during a rotation's grace).
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-Webhook-Signature";
    public const string Signature256Header = "X-Webhook-Signature-256";
    public const string IdHeader = "X-Webhook-Id";
    public const string TimestampHeader = "X-Webhook-Timestamp";

    public static string Sign(string secret, string body) => Hex(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body));

    public static string Sign256(long timestamp, string body, IEnumerable<string> secrets)
    {
        var signed = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body);
        var text = new StringBuilder("t=").Append(timestamp.ToString(CultureInfo.InvariantCulture));
        foreach (var secret in secrets)
        {
            text.Append(",v1=").Append(Hex(Encoding.UTF8.GetBytes(secret), signed));
        }

        return text.ToString();
    }

    private static string Hex(byte[] key, byte[] data) => Convert.ToHexStringLower(HMACSHA256.HashData(key, data));
}
