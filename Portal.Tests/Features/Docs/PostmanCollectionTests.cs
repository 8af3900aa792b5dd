using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Notarial.Portal.Server.Features.Docs;

namespace Notarial.Portal.Tests.Features.Docs;

[Collection(PortalCollection.Name)]
public sealed class PostmanCollectionTests(PortalApp app)
{
    private async Task<(JsonElement Collection, string Text)> CollectionAsync()
    {
        var response = await app.NewClient().GetAsync("docs/postman.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString());
        var text = await response.Content.ReadAsStringAsync();
        return (JsonDocument.Parse(text).RootElement.Clone(), text);
    }

    [Fact]
    public async Task The_collection_is_v2_1_with_every_operation_its_scope_and_the_credentials_preconfigured()
    {
        var (collection, _) = await CollectionAsync();

        Assert.Equal(PostmanCollection.SchemaUrl, collection.GetProperty("info").GetProperty("schema").GetString());
        var variables = collection.GetProperty("variable").EnumerateArray().ToDictionary(v => v.GetProperty("key").GetString()!, v => v.GetProperty("value").GetString());
        Assert.Equal(app.BaseAddress.ToString().TrimEnd('/'), variables["baseUrl"]);
        Assert.Contains("apiKey", variables.Keys);
        Assert.Contains("clientSecret", variables.Keys);
        Assert.Equal("apikey", collection.GetProperty("auth").GetProperty("type").GetString());

        var requests = collection.GetProperty("item").EnumerateArray().SelectMany(folder => folder.GetProperty("item").EnumerateArray()).ToList();
        var openApi = await (await app.NewClient().GetAsync("openapi/v1.json")).JsonAsync();
        var operations = openApi.GetProperty("paths").EnumerateObject().Sum(p => p.Value.EnumerateObject().Count(o => o.Name is "get" or "post" or "patch" or "delete" or "put"));
        Assert.Equal(operations + 1, requests.Count);
        var create = requests.Single(r => r.GetProperty("request").GetProperty("method").GetString() == "POST" && r.GetProperty("request").GetProperty("url").GetProperty("raw").GetString() == "{{baseUrl}}/api/v1/orders");
        Assert.Contains("Scope: orders:write", create.GetProperty("request").GetProperty("description").GetString());
        Assert.Equal("raw", create.GetProperty("request").GetProperty("body").GetProperty("mode").GetString());
        var get = requests.First(r => r.GetProperty("request").GetProperty("url").GetProperty("raw").GetString() == "{{baseUrl}}/api/v1/orders/:id");
        Assert.Equal("id", get.GetProperty("request").GetProperty("url").GetProperty("variable")[0].GetProperty("key").GetString());
    }

    [Fact]
    public async Task Newman_runs_the_collection_with_a_key_and_with_a_client_credentials_token()
    {
        var (_, text) = await CollectionAsync();
        var owner = await app.Given.DeveloperAsync();
        var key = await app.Given.ApiKeyAsync(owner, scopes: "orders:read");
        var client = await app.Given.MachineClientAsync(owner, "orders:read");
        var folder = Directory.CreateTempSubdirectory("postman-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "collection.json"), text);
            var report = Path.Combine(folder.FullName, "report.json");

            var (exit, output) = await RunAsync(folder.FullName, "npx", "--yes", "newman@6.2.2", "run", "collection.json",
                "--folder", PostmanCollection.TokenFolderName, "--folder", "Authentication",
                "--env-var", $"apiKey={key.Secret}", "--env-var", $"clientId={client.ClientId}", "--env-var", $"clientSecret={client.ClientSecret}",
                "--env-var", "scope=orders:read", "--reporters", "cli,json", "--reporter-json-export", report);

            Assert.True(exit == 0, output);
            var run = JsonDocument.Parse(await File.ReadAllTextAsync(report)).RootElement.GetProperty("run");
            var answers = run.GetProperty("executions").EnumerateArray()
                .Select(e => (Name: e.GetProperty("item").GetProperty("name").GetString(), Code: e.GetProperty("response").GetProperty("code").GetInt32()))
                .ToList();
            Assert.Contains(answers, a => a.Name == "Get a client-credentials token" && a.Code == 200);
            Assert.True(answers.Count(a => a.Code == 200) >= 2, output);
            Assert.All(answers, a => Assert.Equal(200, a.Code));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<(int Exit, string Output)> RunAsync(string directory, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
