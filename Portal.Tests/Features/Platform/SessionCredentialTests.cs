using System.Net;
using System.Text.Json;

namespace Notarial.Portal.Tests.Features.Platform;

[Collection(PortalCollection.Name)]
public sealed class SessionCredentialTests(PortalApp app)
{
    [Theory]
    [InlineData("api/auth/test")]
    [InlineData("api/v1/auth/test")]
    public async Task The_signed_in_portal_session_is_a_platform_caller_in_the_test_environment(string path)
    {
        var user = await app.Given.DeveloperAsync();
        var client = app.NewClient();
        await client.SignInAsync(user);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(user.Id, body.RootElement.GetProperty("account_id").GetString());
        Assert.Equal("session", body.RootElement.GetProperty("credential").GetProperty("kind").GetString());
        Assert.Equal("test", body.RootElement.GetProperty("environment").GetString());
        var scopes = body.RootElement.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Contains("orders:read", scopes);
        Assert.DoesNotContain("admin", scopes);
        Assert.DoesNotContain("openid", scopes);
    }

    [Fact]
    public async Task A_session_asks_for_live_data_with_the_environment_header()
    {
        var user = await app.Given.DeveloperAsync();
        var client = app.NewClient();
        await client.SignInAsync(user);
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/auth/test");
        request.Headers.Add("X-Environment", "live");

        using var body = JsonDocument.Parse(await (await client.SendAsync(request)).Content.ReadAsStringAsync());

        Assert.Equal("live", body.RootElement.GetProperty("environment").GetString());
    }

    [Fact]
    public async Task Without_a_credential_the_api_answers_401_in_the_error_envelope_not_a_redirect()
    {
        var response = await app.NewClient().GetAsync("api/auth/test");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("authentication_error", body.RootElement.GetProperty("error").GetProperty("type").GetString());
    }
}
