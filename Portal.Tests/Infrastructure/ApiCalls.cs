using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Notarial.Portal.Tests.Infrastructure;

/// <summary>Calls to the platform API with a credential, and reading its error envelope.</summary>
public static class ApiCalls
{
    /// <summary>Sends <paramref name="method"/> <paramref name="path"/> with the key in X-API-Key (or as a bearer token).</summary>
    public static Task<HttpResponseMessage> SendWithKeyAsync(this HttpClient client, HttpMethod method, string path, string key, object? json = null, bool asBearer = false)
    {
        var request = new HttpRequestMessage(method, path);
        if (asBearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        else
        {
            request.Headers.TryAddWithoutValidation("X-API-Key", key);
        }

        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> GetWithKeyAsync(this HttpClient client, string path, string key, bool asBearer = false) =>
        client.SendWithKeyAsync(HttpMethod.Get, path, key, asBearer: asBearer);

    /// <summary>The error envelope's <c>error</c> object; fails when the body is not one.</summary>
    public static async Task<JsonElement> ErrorAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("error").Clone();
    }

    /// <summary>Asserts the status and the error code, and returns the error.</summary>
    public static async Task<JsonElement> AssertErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} {code}, got {(int)response.StatusCode}: {text}");
        var error = await response.ErrorAsync();
        Assert.Equal(code, error.GetProperty("code").GetString());
        return error;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0)
        {
            return default;
        }

        using var body = JsonDocument.Parse(text);
        return body.RootElement.Clone();
    }

    /// <summary>The antiforgery token of a signed-in client (from a page that renders one), for the session's state-changing API calls.</summary>
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client)
    {
        var page = HtmlForms.Parse(await client.GetStringAsync("account/manage"));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
        Assert.False(string.IsNullOrEmpty(token), "No antiforgery token on the profile page.");
        return token!;
    }

    public static bool IsError(this HttpResponseMessage response) => response.StatusCode >= HttpStatusCode.BadRequest;
}
