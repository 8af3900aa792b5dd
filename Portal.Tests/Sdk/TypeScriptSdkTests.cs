using Notarial.Portal.Tests.Features.OAuth;
using Notarial.Portal.Tests.Samples;

namespace Notarial.Portal.Tests.Sdk;

/// <summary>
/// The TypeScript SDK's own tests (sdk/typescript/test, node's test runner) against this real portal: an API key, an
/// access token, client credentials with renewal, typed orders and products, the typed error, and a 429 retried after
/// Retry-After (a key limited to one request a second). The credentials reach `npm test` as environment variables.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class TypeScriptSdkTests(PortalApp app) : IDisposable
{
    private readonly SampleRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    [Fact]
    public async Task The_typescript_sdk_passes_its_tests_against_the_portal()
    {
        Assert.True(Directory.Exists(Path.Combine(SdkFolder.TypeScript, "node_modules")),
            "The SDK's dependencies are not installed: run 'npm ci' in sdk/typescript (test.sh does).");
        var owner = await app.Given.DeveloperAsync();
        await app.Given.SampleDataAsync(owner);
        var key = await app.Given.ApiKeyAsync(owner, "orders:read products:read", type: "partner", environment: "test");
        var limited = await app.Given.ApiKeyAsync(owner, "orders:read", environment: "test", burstPerSecond: 1);
        var machine = await app.Given.MachineClientInAsync("test", owner, "orders:read");
        var token = await app.ClientCredentialsAsync(machine.ClientId, machine.ClientSecret!);

        var run = await _runner.RunAsync("npm", ["--prefix", SdkFolder.TypeScript, "test", "--silent"], new Dictionary<string, string>
        {
            ["NOTARIAL_BASE_URL"] = app.BaseAddress.ToString().TrimEnd('/'),
            ["NOTARIAL_API_KEY"] = key.Secret,
            ["NOTARIAL_LIMITED_KEY"] = limited.Secret,
            ["NOTARIAL_ACCESS_TOKEN"] = token.AccessToken!,
            ["NOTARIAL_CLIENT_ID"] = machine.ClientId,
            ["NOTARIAL_CLIENT_SECRET"] = machine.ClientSecret!,
        });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("# fail 0", run.Output, StringComparison.Ordinal);
    }
}
