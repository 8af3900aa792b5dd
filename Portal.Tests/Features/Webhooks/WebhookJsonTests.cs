using System.Text.Json;
using Notarial.Portal.Features.Webhooks;

namespace Notarial.Portal.Tests.Features.Webhooks;

/// <summary>Our bodies must be exactly what JavaScript's JSON.stringify(JSON.parse(body)) gives back: checked with node itself.</summary>
public sealed class WebhookJsonTests
{
    public static TheoryData<string> Inputs => new()
    {
        """{"b":1,"a":2,"10":3,"2":4,"01":5,"4294967295":6,"4294967294":7,"-1":8,"1.5":9}""",
        """[0,-0,1,-1,0.1,1e21,1e20,123456789012345678901,1.5e-7,0.000001,1e-7,5e-324,1.7976931348623157e308,120.50,100,1e2,2.5E+3,-0.0000012345]""",
        """["plain","quote \" backslash \\ slash \/","\b\f\n\r\t","\u0000\u0001\u001f\u007f","é ü 😀 \u2028 \u2029","<script>&amp;'"]""",
        """{"nested":{"z":[true,false,null,{"0":"x","y":[]}],"a":{}},"dup":1,"dup":2}""",
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task Canonical_json_is_what_javascript_gives_back(string input)
    {
        using var document = JsonDocument.Parse(input);
        var ours = WebhookJson.Canonical(document.RootElement);

        Assert.Equal(await Node.RoundTripAsync(input), ours);
        Assert.Equal(ours, await Node.RoundTripAsync(ours));
    }

    [Fact]
    public async Task Every_sample_payload_survives_a_javascript_round_trip_unchanged()
    {
        foreach (var type in WebhookEventTypes.All.Append(WebhookEventTypes.TestEvent))
        {
            var body = WebhookEventTypes.SamplePayload(type, DateTimeOffset.UnixEpoch.AddSeconds(1_795_000_000));
            Assert.Equal(body, await Node.RoundTripAsync(body));
        }
    }
}
