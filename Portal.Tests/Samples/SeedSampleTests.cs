using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Features.Imports;
using Notarial.Portal.Features.OAuth;
using Notarial.Portal.Tests.Features.OAuth;
using Notarial.Portal.Tests.Features.Platform;

namespace Notarial.Portal.Tests.Samples;

/// <summary>
/// Every code sample of seeds 002 and 003 that calls the API, run as written against the real server: only the base URL
/// and the credential (a key, an application's id and secret, a token or code made in the portal) are put in.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class SeedSampleTests(PortalApp app) : IDisposable
{
    private const string CallbackUri = "https://yourapp.com/oauth/callback";
    private const string PhpCallbackUri = "https://yourapp.com/oauth/callback.php";

    private const string BrowserGlobals = """
        const storage = () => { const items = new Map(); return {
          getItem: k => items.has(k) ? items.get(k) : null, setItem: (k, v) => { items.set(k, String(v)); }, removeItem: k => { items.delete(k); } }; };
        globalThis.sessionStorage = storage();
        globalThis.localStorage = storage();
        globalThis.window = { location: { search: '', href: '' } };
        """;

    private const string FetchObserver = """
        const realFetch = globalThis.fetch;
        globalThis.fetch = async (...args) => {
          const response = await realFetch(...args);
          console.log('HTTP ' + response.status + ' ' + await response.clone().text());
          return response;
        };
        """;

    private readonly SampleRunner _runner = new();

    private string Base => app.BaseAddress.ToString().TrimEnd('/');

    public void Dispose() => _runner.Dispose();

    private async Task<TestApiKey> SampleKeyAsync(string scopes)
    {
        var owner = await app.Given.DeveloperAsync();
        await app.Given.SampleDataAsync(owner);
        return await app.Given.ApiKeyAsync(owner, scopes, type: "partner", environment: "test");
    }

    private Dictionary<string, string> Seed002(string key) => new()
    {
        ["'your_api_key_here'"] = $"'{key}'",
        ["'https://your-domain.com'"] = $"'{Base}'",
    };

    private static void AssertSucceeded(SampleRun run, params string[] expected)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var line in expected)
        {
            Assert.True(run.Output.Contains(line, StringComparison.Ordinal), $"Expected '{line}' in the output.\n{run}");
        }

        Assert.DoesNotContain("Error", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed_002_typescript_query_api()
    {
        var key = await SampleKeyAsync("products:read");

        var run = await _runner.RunTypeScriptAsync("seed002/query-api.ts", Seed002(key.Secret));

        AssertSucceeded(run, "Found 6 products", "Power of attorney: 145", "Company incorporation: 1475.5");
    }

    [Fact]
    public async Task Seed_002_php_query_api()
    {
        var key = await SampleKeyAsync("products:read");

        var run = await _runner.RunPhpAsync("seed002/query-api.php", Seed002(key.Secret));

        AssertSucceeded(run, "Found 6 products", "Power of attorney: 145", "Company incorporation: 1475.5");
    }

    [Fact]
    public async Task Seed_002_typescript_odata_api()
    {
        var key = await SampleKeyAsync("products:read");

        var run = await _runner.RunTypeScriptAsync("seed002/odata-api.ts", Seed002(key.Secret));

        AssertSucceeded(run, "In-stock products: [", "name: 'Company incorporation'", "price: 1475.5", "stock: 5");
        Assert.DoesNotContain("Last will", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed_002_php_odata_api()
    {
        var key = await SampleKeyAsync("products:read");

        var run = await _runner.RunPhpAsync("seed002/odata-api.php", Seed002(key.Secret));

        AssertSucceeded(run, "In-stock products: 5", "[name] => Company incorporation", "[stock] => 5");
    }

    private async Task<(TestApiKey Key, ImportMapper Mapper)> ImportSetupAsync()
    {
        var key = await SampleKeyAsync("products:read bulk:write");
        var mapper = await app.Services.GetRequiredService<ImportMapperService>().CreateAsync(key.Owner.Id, new ImportMapperDraft(
            "Shop export", "products", new Dictionary<string, string> { ["Product"] = "name", ["Price (EUR)"] = "price", ["In stock"] = "stock" },
            new Dictionary<string, string> { ["currency"] = "EUR" }, null, ","));
        _runner.WriteFile("products.csv", "\uFEFFProduct;Price (EUR);In stock\nCertified copy;12,50;40\n\"Deed; certified\";1.250,00;3\n");
        return (key, ((Notarial.Portal.Features.Platform.PlatformResult<ImportMapper>.Ok)mapper).Value);
    }

    [Fact]
    public async Task Seed_002_typescript_import_api_with_a_mapper()
    {
        var (key, mapper) = await ImportSetupAsync();
        var replacements = Seed002(key.Secret);
        replacements["'your-mapper-id'"] = $"'{mapper.Id}'";

        var run = await _runner.RunTypeScriptAsync("seed002/import-api.ts", replacements);

        AssertSucceeded(run, "Import completed: 2 imported");
        var products = await (await app.NewClient().GetWithKeyAsync("api/v1/products?sort=price", key.Secret)).JsonAsync();
        Assert.Contains(products.GetProperty("data").EnumerateArray(), p => p.GetProperty("name").GetString() == "Deed; certified" && p.GetProperty("price").GetDecimal() == 1250m);
    }

    [Fact]
    public async Task Seed_002_php_import_api_with_a_mapper()
    {
        var (key, mapper) = await ImportSetupAsync();
        var replacements = Seed002(key.Secret);
        replacements["'your-mapper-id'"] = $"'{mapper.Id}'";

        var run = await _runner.RunPhpAsync("seed002/import-api.php", replacements);

        AssertSucceeded(run, "Import completed: 2 imported");
    }

    /// <summary>A web application of a developer with live products, and an authorization code its user granted.</summary>
    private async Task<(RegisteredClient Client, string Code, string State)> AuthorizationCodeAsync(string redirectUri, string scope = "read write")
    {
        var user = await app.Given.DeveloperAsync();
        var api = await app.ApiClientAsync(user, "products:write");
        await api.CreateProductAsync("Power of attorney", 145m);
        await api.CreateProductAsync("Apostille", 35.5m);
        var client = await app.Given.WebClientAsync(user, ApplicationKind.WebApp, redirectUri, "read", "write");
        var state = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
        var callback = await new OAuthBrowserlessFlow(app, user).RunAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, null, scope, redirectUri, state));
        var code = QueryHelpers.ParseQuery(callback.Query)["code"].ToString();
        Assert.False(string.IsNullOrEmpty(code), callback.ToString());
        return (client, code, state);
    }

    private Dictionary<string, string> Seed002Client(RegisteredClient client) => new()
    {
        ["'your_client_id'"] = $"'{client.ClientId}'",
        ["'your_client_secret'"] = $"'{client.ClientSecret}'",
        ["'https://your-domain.com'"] = $"'{Base}'",
    };

    [Fact]
    public async Task Seed_002_typescript_oauth_callback_exchanges_the_code()
    {
        var (client, code, state) = await AuthorizationCodeAsync(CallbackUri);
        var prelude = BrowserGlobals + $"sessionStorage.setItem('oauth_state', '{state}'); window.location.search = '?code={code}&state={state}';";

        var run = await _runner.RunTypeScriptAsync("seed002/oauth-step2-callback.ts", Seed002Client(client), prelude);

        AssertSucceeded(run, "OAuth successful, access token obtained");
    }

    [Fact]
    public async Task Seed_002_php_oauth_callback_exchanges_the_code()
    {
        var (client, code, state) = await AuthorizationCodeAsync(PhpCallbackUri);
        _runner.WritePhpSession("sample", new Dictionary<string, object> { ["oauth_state"] = state });

        var run = await _runner.RunPhpAsync("seed002/oauth-step2-callback.php", Seed002Client(client) switch
        {
            var r => new Dictionary<string, string>
            {
                ["'your_client_id'"] = r["'your_client_id'"],
                ["'your_client_secret'"] = r["'your_client_secret'"],
                ["'https://your-domain.com'"] = r["'https://your-domain.com'"],
            },
        }, $"<?php session_id('sample'); $_GET = ['code' => '{code}', 'state' => '{state}'];");

        AssertSucceeded(run, "OAuth successful! Access token obtained.");
        // One hour, give or take the second the exchange took. (The sample's header() after its echo warns on stderr, as in any PHP.)
        Assert.Matches(@"Token expires in: 3(5\d\d|600) seconds", run.Output);
    }

    /// <summary>Tokens of the code flow with a refresh token, as step 2 stored them.</summary>
    private async Task<(RegisteredClient Client, string AccessToken, string RefreshToken)> StoredTokensAsync(string redirectUri)
    {
        var (client, code, _) = await AuthorizationCodeAsync(redirectUri, "read write offline_access");
        using var http = app.NewClient();
        var response = await http.PostAsync("auth/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["client_id"] = client.ClientId,
            ["client_secret"] = client.ClientSecret!,
        }));
        var tokens = await response.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (client, tokens.GetProperty("access_token").GetString()!, tokens.GetProperty("refresh_token").GetString()!);
    }

    [Fact]
    public async Task Seed_002_typescript_authenticated_requests_refresh_an_expired_token_and_query()
    {
        var (client, _, refresh) = await StoredTokensAsync(CallbackUri);
        // The stored access token has expired: the sample gets a 401, refreshes, and retries.
        var prelude = BrowserGlobals + $"localStorage.setItem('access_token', 'expired'); localStorage.setItem('refresh_token', '{refresh}');";

        var run = await _runner.RunTypeScriptAsync("seed002/oauth-step3-requests.ts", Seed002Client(client), prelude);

        AssertSucceeded(run, "Products: [", "name: 'Power of attorney'", "price: 145");
    }

    [Fact]
    public async Task Seed_002_php_authenticated_requests_refresh_an_expired_token_and_query()
    {
        var (client, _, refresh) = await StoredTokensAsync(PhpCallbackUri);
        _runner.WritePhpSession("sample", new Dictionary<string, object>
        {
            ["access_token"] = "expired",
            ["refresh_token"] = refresh,
            ["token_expires"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(),
        });

        var run = await _runner.RunPhpAsync("seed002/oauth-step3-requests.php", Seed002Client(client), "<?php session_id('sample');");

        AssertSucceeded(run, "Found 2 products", "Power of attorney: 145", "Apostille: 35.5");
    }

    private async Task<Dictionary<string, string>> PluginEnvironmentAsync()
    {
        var owner = await app.Given.DeveloperAsync();
        var api = await app.ApiClientAsync(owner, "products:write");
        await api.CreateProductAsync("Power of attorney", 145m);
        var plugin = await app.Given.MachineClientAsync(owner, "read", "write");
        return new Dictionary<string, string>
        {
            ["OAUTH_CLIENT_ID"] = plugin.ClientId,
            ["OAUTH_CLIENT_SECRET"] = plugin.ClientSecret!,
            ["API_BASE_URL"] = Base,
        };
    }

    [Fact]
    public async Task Seed_002_typescript_plugin()
    {
        var environment = await PluginEnvironmentAsync();

        var run = await _runner.RunTypeScriptAsync("seed002/plugin.ts", new Dictionary<string, string>(), environment: environment, entry: "pluginFunction");

        AssertSucceeded(run, "Fetched products: {", "products: [", "name: 'Power of attorney'");
    }

    [Fact]
    public async Task Seed_002_php_plugin()
    {
        var environment = await PluginEnvironmentAsync();

        var run = await _runner.RunPhpAsync("seed002/plugin.php", new Dictionary<string, string>(), environment: environment);

        AssertSucceeded(run, "Fetched products: 1");
    }

    private Dictionary<string, string> Seed003() => new()
    {
        ["https://auth.example.com"] = Base + "/auth",
    };

    [Fact]
    public async Task Seed_003_curl_tests_an_api_key_and_an_oauth_token()
    {
        var owner = await app.Given.DeveloperAsync();
        var key = await app.Given.ApiKeyAsync(owner, "orders:read");
        var machine = await app.Given.MachineClientAsync(owner, "orders:read");
        var token = await app.ClientCredentialsAsync(machine.ClientId, machine.ClientSecret!);

        var run = await _runner.RunShellAsync("seed003/auth-test.sh", new Dictionary<string, string>
        {
            ["YOUR_API_KEY"] = key.Secret,
            ["YOUR_ACCESS_TOKEN"] = token.AccessToken!,
            ["https://api.example.com/v2"] = Base + "/api/v1",
        });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, run.Output.Split("\"valid\":true").Length - 1);
        Assert.Contains("\"kind\":\"api_key\"", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed_003_javascript_token_exchange_and_refresh_send_json()
    {
        var (client, code, _) = await AuthorizationCodeAsync(CallbackUri, "read write offline_access");
        var credentials = $"globalThis.CLIENT_ID = '{client.ClientId}'; globalThis.CLIENT_SECRET = '{client.ClientSecret}'; globalThis.REDIRECT_URI = '{CallbackUri}';";

        var exchange = await _runner.RunJavaScriptModuleAsync("seed003/token-exchange.js", Seed003(),
            FetchObserver + credentials + $"globalThis.authorizationCode = '{code}';");
        Assert.True(exchange.ExitCode == 0, exchange.ToString());
        Assert.StartsWith("HTTP 200 ", exchange.Output, StringComparison.Ordinal);
        var refresh = System.Text.Json.JsonDocument.Parse(exchange.Output["HTTP 200 ".Length..]).RootElement.GetProperty("refresh_token").GetString();

        var refreshed = await _runner.RunJavaScriptModuleAsync("seed003/refresh-token.js", Seed003(),
            FetchObserver + credentials + $"globalThis.refresh_token = '{refresh}';");
        Assert.True(refreshed.ExitCode == 0, refreshed.ToString());
        Assert.StartsWith("HTTP 200 ", refreshed.Output, StringComparison.Ordinal);
        Assert.Contains("\"access_token\"", refreshed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed_003_javascript_uses_the_access_token_to_list_users()
    {
        var user = await app.Given.DeveloperAsync();
        var client = await app.Given.WebClientAsync(user, ApplicationKind.WebApp, CallbackUri, "read");
        var callback = await new OAuthBrowserlessFlow(app, user).RunAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, null, "read", CallbackUri));
        using var http = app.NewClient();
        var tokens = await (await http.PostAsync("auth/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = QueryHelpers.ParseQuery(callback.Query)["code"].ToString(),
            ["redirect_uri"] = CallbackUri,
            ["client_id"] = client.ClientId,
            ["client_secret"] = client.ClientSecret!,
        }))).JsonAsync();

        var run = await _runner.RunJavaScriptModuleAsync("seed003/use-access-token.js",
            new Dictionary<string, string> { ["https://api.example.com/v2"] = Base + "/api/v1" },
            FetchObserver + $"globalThis.access_token = '{tokens.GetProperty("access_token").GetString()}';");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("HTTP 200 ", run.Output, StringComparison.Ordinal);
        Assert.Contains(user.Email, run.Output, StringComparison.Ordinal);
    }

    /// <summary>Seed 003, step 1, as written: the request line and the JSON body of <c>seed003/register-application.http</c>,
    /// scopes <c>read:users write:projects</c> included — read as the catalog's <c>users:read</c> and <c>projects:write</c>.</summary>
    [Theory]
    [InlineData("key")]
    [InlineData("session")]
    public async Task Seed_003_step_1_registers_an_application_with_its_read_users_and_write_projects_scopes(string credential)
    {
        var sample = SampleRunner.Read("seed003/register-application.http");
        var requestLine = sample[..sample.IndexOf('\n', StringComparison.Ordinal)].Trim().Split(' ');
        var body = sample[sample.IndexOf('{', StringComparison.Ordinal)..];
        Assert.Contains("\"read:users\", \"write:projects\"", body, StringComparison.Ordinal);
        var owner = await app.Given.DeveloperAsync();
        using var http = credential == "session" ? await Features.Applications.ApplicationsApiTestExtensions.SessionApiClientAsync(app, owner) : app.NewClient();
        using var request = new HttpRequestMessage(new HttpMethod(requestLine[0]), requestLine[1].TrimStart('/'))
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        if (credential == "key")
        {
            request.Headers.Add("X-API-Key", (await app.Given.ApiKeyAsync(owner, "apps:manage read write", type: "partner")).Secret);
        }

        var response = await http.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var created = System.Text.Json.JsonDocument.Parse(text).RootElement;
        Assert.False(string.IsNullOrEmpty(created.GetProperty("client_id").GetString()));
        Assert.False(string.IsNullOrEmpty(created.GetProperty("client_secret").GetString()));
        var application = created.GetProperty("application");
        Assert.Equal("My Application", application.GetProperty("name").GetString());
        Assert.Equal(["projects:write", "users:read"], application.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Seed_003_spellings_never_grant_more_than_the_credential_holds_and_unknown_ones_stay_unknown()
    {
        var owner = await app.Given.DeveloperAsync();
        var key = await app.Given.ApiKeyAsync(owner, "apps:manage orders:read", type: "partner");
        using var http = app.NewClient();

        var beyond = await http.SendWithKeyAsync(HttpMethod.Post, "oauth/applications", key.Secret,
            new { name = "Too much", redirect_uris = new[] { "https://myapp.com/callback" }, scopes = new[] { "read:users" } });
        var unknown = await http.SendWithKeyAsync(HttpMethod.Post, "oauth/applications", key.Secret,
            new { name = "Unknown", redirect_uris = new[] { "https://myapp.com/callback" }, scopes = new[] { "orders:read", "write:everything" } });

        Assert.Equal(HttpStatusCode.Forbidden, beyond.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("write:everything", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
