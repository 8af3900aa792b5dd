using System.Net;
using System.Text.Json.Nodes;
using Notarial.Portal.Tests.Sdk;

namespace Notarial.Portal.Tests.Features.Docs;

/// <summary>The SDKs are generated from sdk/openapi.json: it must be the document the server serves today.</summary>
[Collection(PortalCollection.Name)]
public sealed class OpenApiFreshnessTests(PortalApp app)
{
    [Fact]
    public async Task The_committed_OpenAPI_document_is_the_one_the_server_serves()
    {
        var response = await app.NewClient().GetAsync("openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var served = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(SdkFolder.OpenApiDocument))!.AsObject();

        // `servers` is the address the document was fetched from; sdk/normalize-openapi.mjs leaves it out.
        served.Remove("servers");

        Assert.True(JsonNode.DeepEquals(served, committed),
            "sdk/openapi.json no longer matches the server's /openapi/v1.json (first difference at " + FirstDifference(committed, served, "$") +
            "). Run the portal (dotnet run --project Portal.Server) and sdk/generate.sh to regenerate the document and both SDKs, then commit them.");
    }

    private static string FirstDifference(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected, actual)
        {
            case (JsonObject e, JsonObject a):
                foreach (var name in e.Select(p => p.Key).Union(a.Select(p => p.Key)))
                {
                    if (!e.ContainsKey(name) || !a.ContainsKey(name))
                    {
                        return $"{path}.{name} ({(e.ContainsKey(name) ? "gone from the server" : "new on the server")})";
                    }

                    if (!JsonNode.DeepEquals(e[name], a[name]))
                    {
                        return FirstDifference(e[name], a[name], $"{path}.{name}");
                    }
                }

                return path;
            case (JsonArray e, JsonArray a):
                for (var i = 0; i < Math.Min(e.Count, a.Count); i++)
                {
                    if (!JsonNode.DeepEquals(e[i], a[i]))
                    {
                        return FirstDifference(e[i], a[i], $"{path}[{i}]");
                    }
                }

                return $"{path} ({e.Count} items committed, {a.Count} served)";
            default:
                return path;
        }
    }
}
