using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notarial.Portal.Tests.Features.Platform;

namespace Notarial.Portal.Tests.Features.Applications;

/// <summary>A registered application as the management API answered it: its id, client id and (once) secret.</summary>
public sealed record CreatedApp(string Id, string ClientId, string? ClientSecret, JsonElement Application);

public static class ApplicationsApiTestExtensions
{
    public const string RedirectUri = "https://app.example.test/callback";

    /// <summary>Registers an application through the management API and asserts that it worked.</summary>
    public static async Task<CreatedApp> CreateAppAsync(this HttpClient api, string type = "machine", string? name = null,
        string[]? scopes = null, string[]? redirectUris = null)
    {
        var response = await api.PostAsJsonAsync("api/v1/apps", new
        {
            name = name ?? $"App {Guid.NewGuid():N}"[..12],
            type,
            scopes = scopes ?? ["orders:read"],
            redirect_uris = redirectUris ?? (type == "machine" ? [] : [RedirectUri]),
        });
        var body = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        var application = body.GetProperty("application");
        return new CreatedApp(application.GetProperty("id").GetString()!, body.GetProperty("client_id").GetString()!,
            body.GetProperty("client_secret").GetString(), application);
    }

    /// <summary>A client signed in to the portal as <paramref name="user"/> that sends the antiforgery token with every
    /// request, as the portal's own pages do when they call the API with the session.</summary>
    public static async Task<HttpClient> SessionApiClientAsync(this PortalApp app, TestUser user)
    {
        var client = app.NewClient();
        await client.SignInAsync(user);
        var page = HtmlForms.Parse(await client.GetStringAsync("account/manage"));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        client.DefaultRequestHeaders.Add("RequestVerificationToken", token);
        return client;
    }

    /// <summary>The field names of a validation_failed answer.</summary>
    public static IReadOnlyList<string> FieldsOf(this JsonElement body) =>
        [.. body.GetProperty("error").GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("field").GetString()!)];

    /// <summary>The message of one field of a validation_failed answer.</summary>
    public static string MessageOf(this JsonElement body, string field) =>
        body.GetProperty("error").GetProperty("fields").EnumerateArray()
            .First(f => f.GetProperty("field").GetString() == field).GetProperty("message").GetString()!;
}
