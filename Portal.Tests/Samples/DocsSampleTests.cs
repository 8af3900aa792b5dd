using AngleSharp.Dom;
using Notarial.Portal.Features.ApiKeys;
using Notarial.Portal.Features.OAuth;

namespace Notarial.Portal.Tests.Samples;

/// <summary>
/// The getting-started and guide samples, read from the page a signed-in developer sees (filled with their own base URL,
/// client ids and key hint) and run as pasted against the real server: curl with bash, TypeScript with tsc and node, PHP
/// and Python. Only the secrets the samples read from the environment are supplied. C# samples are compiled by
/// <see cref="DocsCSharpSampleTests"/>.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class DocsSampleTests(PortalApp app) : IDisposable
{
    public static TheoryData<string> Languages => new() { "bash", "typescript", "php", "python" };

    private readonly SampleRunner _runner = new();

    private string Base => app.BaseAddress.ToString().TrimEnd('/');

    public void Dispose() => _runner.Dispose();

    /// <summary>The runnable samples of a page in one language, as the signed-in developer sees them.</summary>
    private async Task<(string Html, IReadOnlyList<string> Samples)> SamplesAsync(TestUser user, string page, string language)
    {
        using var client = app.NewClient();
        await client.SignInAsync(user);
        var html = await client.GetStringAsync("docs/" + page);
        var samples = HtmlForms.Parse(html).QuerySelectorAll("pre code[data-run]")
            .Where(code => code.ClassList.Contains("language-" + language))
            .Select(code => code.TextContent)
            .ToList();
        Assert.True(samples.Count > 0, $"docs/{page} has no runnable {language} sample.");
        return (html, samples);
    }

    private async Task RunAllAsync(TestUser user, string page, string language, Func<Task<Dictionary<string, string>>> environment, string expected)
    {
        var (_, samples) = await SamplesAsync(user, page, language);
        foreach (var sample in samples)
        {
            var run = await _runner.RunSourceAsync(language, sample, await environment());
            Assert.True(run.ExitCode == 0, $"docs/{page} ({language}) failed:\n{run}\n--- sample\n{sample}");
            Assert.True(run.Output.Contains(expected, StringComparison.Ordinal), $"Expected '{expected}' in the output of docs/{page} ({language}):\n{run}");
        }
    }

    private async Task<(TestUser Owner, TestApiKey Key)> DeveloperWithTestKeyAsync()
    {
        var owner = await app.Given.DeveloperAsync();
        await app.Given.SampleDataAsync(owner);
        var key = await app.Given.ApiKeyAsync(owner, "orders:read products:read bulk:write", type: "partner", environment: "test", name: "Docs key");
        return (owner, key);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Api_key_samples_show_the_developers_key_hint_and_succeed(string language)
    {
        var (owner, key) = await DeveloperWithTestKeyAsync();

        var (html, _) = await SamplesAsync(owner, "api-key", language);
        Assert.Contains(ApiKeyFormat.Hint(key.Secret), html);
        Assert.DoesNotContain(key.Secret, html);
        await RunAllAsync(owner, "api-key", language, () => Task.FromResult(new Dictionary<string, string> { ["NOTARIAL_API_KEY"] = key.Secret }), "valid");
    }

    [Theory]
    [InlineData("query-api", "bash", "\"products\"")]
    [InlineData("query-api", "typescript", "Found ")]
    [InlineData("query-api", "php", "Found ")]
    [InlineData("query-api", "python", "Found ")]
    [InlineData("odata", "bash", "\"value\"")]
    [InlineData("odata", "typescript", "products in stock")]
    [InlineData("odata", "php", "products in stock")]
    [InlineData("odata", "python", "products in stock")]
    [InlineData("imports", "bash", "\"imported\":2")]
    [InlineData("imports", "typescript", "Import completed: 2 imported")]
    [InlineData("imports", "php", "Import completed: 2 imported")]
    [InlineData("imports", "python", "Import completed: 2 imported")]
    [InlineData("rate-limits", "typescript", "200")]
    [InlineData("rate-limits", "python", "200")]
    public async Task Guide_samples_with_an_api_key_succeed(string page, string language, string expected)
    {
        var (owner, key) = await DeveloperWithTestKeyAsync();

        await RunAllAsync(owner, page, language, () => Task.FromResult(new Dictionary<string, string> { ["NOTARIAL_API_KEY"] = key.Secret }), expected);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Client_credentials_samples_use_the_developers_client_id_and_succeed(string language)
    {
        var owner = await app.Given.DeveloperAsync();
        var client = await app.Given.MachineClientAsync(owner, "orders:read");

        var (html, _) = await SamplesAsync(owner, "client-credentials", language);
        Assert.Contains(client.ClientId, html);
        Assert.DoesNotContain(client.ClientSecret!, html);
        await RunAllAsync(owner, "client-credentials", language,
            () => Task.FromResult(new Dictionary<string, string> { ["NOTARIAL_CLIENT_SECRET"] = client.ClientSecret! }), "valid");
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Plugin_samples_run_with_the_three_variables_a_plugin_receives(string language)
    {
        var owner = await app.Given.DeveloperAsync();
        await app.Given.SampleDataAsync(owner);
        var client = await app.Given.MachineClientInAsync("test", owner, "products:read");

        await RunAllAsync(owner, "plugins", language, () => Task.FromResult(new Dictionary<string, string>
        {
            ["OAUTH_CLIENT_ID"] = client.ClientId,
            ["OAUTH_CLIENT_SECRET"] = client.ClientSecret!,
            ["API_BASE_URL"] = Base,
        }), language == "bash" ? "\"products\"" : " products");
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Web_app_samples_exchange_a_real_code_and_succeed(string language)
    {
        var owner = await app.Given.DeveloperAsync();
        var client = await app.Given.WebClientAsync(owner);

        var (html, _) = await SamplesAsync(owner, "web-app", language);
        Assert.Contains(client.ClientId, html);
        Assert.Contains(Given.RedirectUri, html);
        await RunAllAsync(owner, "web-app", language, async () =>
        {
            var (code, verifier) = await CodeAsync(owner, client.ClientId);
            return new Dictionary<string, string> { ["CODE"] = code, ["CODE_VERIFIER"] = verifier, ["NOTARIAL_CLIENT_SECRET"] = client.ClientSecret! };
        }, "valid");
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Single_page_and_native_samples_exchange_a_real_code_without_a_secret(string language)
    {
        var owner = await app.Given.DeveloperAsync();
        var client = await app.Given.WebClientAsync(owner, ApplicationKind.SinglePage);

        await RunAllAsync(owner, "spa-native", language, async () =>
        {
            var (code, verifier) = await CodeAsync(owner, client.ClientId);
            return new Dictionary<string, string> { ["CODE"] = code, ["CODE_VERIFIER"] = verifier };
        }, "valid");
    }

    /// <summary>A fresh authorization code for the user (signed in, consent given), with its PKCE verifier.</summary>
    private async Task<(string Code, string Verifier)> CodeAsync(TestUser user, string clientId)
    {
        var pkce = Pkce.New();
        var flow = new OAuthBrowserlessFlow(app, user);
        var redirect = await flow.RunAsync(OAuthBrowserlessFlow.AuthorizeUrl(clientId, pkce));
        var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(redirect.Query)["code"].ToString();
        Assert.False(string.IsNullOrEmpty(code), "No code in " + redirect);
        return (code, pkce.Verifier);
    }
}
