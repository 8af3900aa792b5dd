using System.Security.Cryptography;
using System.Text;

namespace Notarial.Portal.Tests.Features.Webhooks;

/// <summary>Verifies deliveries the way a receiver would, written from the docs rather than from the sender's code.</summary>
public static class WebhookSignatures
{
    public static void AssertSignedWith(ReceivedWebhook delivery, params string[] secrets)
    {
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secrets[0]), delivery.RawBody));
        Assert.Equal(expected, delivery.Header("X-Webhook-Signature"));

        var parts = delivery.Header("X-Webhook-Signature-256").Split(',').Select(p => p.Split('=', 2)).ToList();
        var timestamp = Assert.Single(parts, p => p[0] == "t")[1];
        Assert.Equal(delivery.Header("X-Webhook-Timestamp"), timestamp);
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(delivery.RawBody).ToArray();
        var v1 = parts.Where(p => p[0] == "v1").Select(p => p[1]).ToList();
        Assert.Equal(secrets.Length, v1.Count);
        foreach (var secret in secrets)
        {
            Assert.Contains(Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed)), v1);
        }
    }
}
