using System.Net;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Notarial.Portal.Features.OAuth;

namespace Notarial.Portal.Tests.Features.OAuth;

/// <summary>Seed 003 posts token requests as JSON; they answer exactly as the same parameters in a form.</summary>
[Collection(PortalCollection.Name)]
public sealed class JsonTokenRequestTests(PortalApp app)
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Client_credentials_in_json_get_a_token_and_a_wrong_secret_is_invalid_client_as_in_a_form()
    {
        var owner = await app.Given.DeveloperAsync();
        var machine = await app.Given.MachineClientAsync(owner, "orders:read");
        using var http = app.NewClient();

        var ok = await http.PostAsync("auth/oauth/token", Json($$"""{"grant_type":"client_credentials","client_id":"{{machine.ClientId}}","client_secret":"{{machine.ClientSecret}}","scope":"orders:read"}"""));
        var wrong = await http.PostAsync("api/oauth/token", Json($$"""{"grant_type":"client_credentials","client_id":"{{machine.ClientId}}","client_secret":"nope"}"""));
        var wrongForm = await http.PostAsync("api/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = machine.ClientId,
            ["client_secret"] = "nope",
        }));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("Bearer", (await ok.JsonAsync()).GetProperty("token_type").GetString());
        Assert.Equal(wrongForm.StatusCode, wrong.StatusCode);
        Assert.Equal((await wrongForm.JsonAsync()).GetProperty("error").GetString(), (await wrong.JsonAsync()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Authorization_code_and_refresh_token_grants_work_in_json()
    {
        var user = await app.Given.DeveloperAsync();
        var client = await app.Given.WebClientAsync(user);
        var callback = await new OAuthBrowserlessFlow(app, user).RunAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, null, "openid offline_access orders:read"));
        var code = QueryHelpers.ParseQuery(callback.Query)["code"].ToString();
        using var http = app.NewClient();

        var exchanged = await http.PostAsync("auth/oauth/token", Json($$"""
            {"grant_type":"authorization_code","code":"{{code}}","client_id":"{{client.ClientId}}","client_secret":"{{client.ClientSecret}}","redirect_uri":"{{Given.RedirectUri}}"}
            """));
        var tokens = await exchanged.JsonAsync();
        var refreshed = await http.PostAsync("auth/oauth/token", Json($$"""
            {"grant_type":"refresh_token","refresh_token":"{{tokens.GetProperty("refresh_token").GetString()}}","client_id":"{{client.ClientId}}","client_secret":"{{client.ClientSecret}}"}
            """));
        var replayed = await http.PostAsync("auth/oauth/token", Json($$"""
            {"grant_type":"authorization_code","code":"{{code}}","client_id":"{{client.ClientId}}","client_secret":"{{client.ClientSecret}}","redirect_uri":"{{Given.RedirectUri}}"}
            """));

        Assert.Equal(HttpStatusCode.OK, exchanged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.False(string.IsNullOrEmpty((await refreshed.JsonAsync()).GetProperty("access_token").GetString()));
        Assert.Equal("invalid_grant", (await replayed.JsonAsync()).GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("""{"grant_type":"client_credentials","client_id":42}""", "client_id")]
    [InlineData("""{"grant_type":"client_credentials","scope":["read","write"]}""", "scope")]
    [InlineData("""{"grant_type":true}""", "grant_type")]
    [InlineData("""{"grant_type":{"x":1}}""", "grant_type")]
    [InlineData("""["grant_type"]""", "JSON object")]
    [InlineData("""{"grant_type":""", "not valid JSON")]
    [InlineData("""{"grant_type":"client_credentials","grant_type":"password"}""", "twice")]
    public async Task Json_with_wrong_types_is_an_rfc_6749_invalid_request(string json, string mentioned)
    {
        using var http = app.NewClient();

        var response = await http.PostAsync("auth/oauth/token", Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
        Assert.Contains(mentioned, body.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task An_unsupported_grant_in_json_is_refused_like_in_a_form()
    {
        var machine = await app.Given.MachineClientAsync(await app.Given.DeveloperAsync(), "orders:read");
        using var http = app.NewClient();

        var response = await http.PostAsync("auth/oauth/token", Json($$"""{"grant_type":"password","username":"a","password":"b","client_id":"{{machine.ClientId}}","client_secret":"{{machine.ClientSecret}}"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsupported_grant_type", (await response.JsonAsync()).GetProperty("error").GetString());
        _ = ApplicationKind.Machine;
    }
}
