using Notarial.Portal.Features.Docs;
using Notarial.Portal.Features.Webhooks;

namespace Notarial.Portal.Tests.Samples;

/// <summary>
/// The webhooks guide's verification functions, in TypeScript, PHP and Python, accept a delivery signed exactly as the
/// sender signs it (<see cref="WebhookSignature"/>), also during a secret rotation, and refuse a changed body, a wrong
/// secret and an old timestamp.
/// </summary>
public sealed class DocsWebhookSampleTests : IDisposable
{
    private const string Secret = "whsec_0123456789abcdefghijABCDEFGHIJ01";
    private const string Body = """{"id":"evt_1","type":"api_key.created","data":{"name":"Zoë's key"}}""";

    private readonly SampleRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    public static TheoryData<string> Languages => new() { "typescript", "php", "python" };

    private static string Driver(string language) => language switch
    {
        "typescript" => """

            console.log(verifyWebhook(process.env.SIG!, require("fs").readFileSync("body.json"), process.env.SECRET!) ? "True" : "False");
            """,
        "php" => """

            echo verify_webhook(getenv('SIG'), file_get_contents('body.json'), getenv('SECRET')) ? 'True' : 'False';
            """,
        _ => """

            import os
            print(verify_webhook(os.environ["SIG"], open("body.json", "rb").read(), os.environ["SECRET"]))
            """,
    };

    private async Task<string> VerifyAsync(string language, string header, string body, string secret)
    {
        var sample = DocsRenderer.Samples(new DocsLibrary().Find("webhooks")!, DocsValues.Anonymous("https://portal.example.com/"))
            .Single(s => s.Language == language);
        _runner.WriteFile("body.json", body);
        var run = await _runner.RunSourceAsync(language, sample.Code + Driver(language), new Dictionary<string, string> { ["SIG"] = header, ["SECRET"] = secret });
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Output.Trim();
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task The_guides_verification_accepts_real_signatures_and_refuses_tampering_and_replays(string language)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signed = WebhookSignature.Sign256(now, Body, [Secret]);
        var rotating = WebhookSignature.Sign256(now, Body, ["whsec_thenewsecretthenewsecretthenew12", Secret]);

        Assert.Equal("True", await VerifyAsync(language, signed, Body, Secret));
        Assert.Equal("True", await VerifyAsync(language, rotating, Body, Secret));
        Assert.Equal("False", await VerifyAsync(language, signed, Body.Replace("evt_1", "evt_2", StringComparison.Ordinal), Secret));
        Assert.Equal("False", await VerifyAsync(language, signed, Body, "whsec_wrong"));
        Assert.Equal("False", await VerifyAsync(language, WebhookSignature.Sign256(now - 3600, Body, [Secret]), Body, Secret));
    }
}
