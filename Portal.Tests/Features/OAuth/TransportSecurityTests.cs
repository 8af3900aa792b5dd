using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;

namespace Notarial.Portal.Tests.Features.OAuth;

/// <summary>Outside Development (and without the explicit setting) the authorization server refuses plain http.</summary>
public sealed class TransportSecurityTests : IAsyncLifetime
{
    private readonly HttpsOnlyPortal _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task The_token_endpoint_refuses_plain_http_unless_configuration_allows_it()
    {
        var response = await _app.NewClient().PostAsync("auth/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "x",
            ["client_secret"] = "y",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_request", body.RootElement.GetProperty("error").GetString());
        Assert.Contains("HTTPS", body.RootElement.GetProperty("error_description").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    private sealed class HttpsOnlyPortal : PortalApp
    {
        protected override void ConfigureSettings(IWebHostBuilder builder) => builder.UseSetting("OAuth:AllowHttp", "false");
    }
}
