using System.Net;
using System.Text.Json;

namespace Notarial.Portal.Tests.Features.Edge;

[Collection(PortalCollection.Name)]
public sealed class EdgeTests(PortalApp app)
{
    [Theory]
    [InlineData("health/live")]
    [InlineData("health/ready")]
    public async Task Health_endpoints_answer_healthy_in_json(string path)
    {
        var response = await app.NewClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readiness_reports_the_database_check()
    {
        using var body = JsonDocument.Parse(await app.NewClient().GetStringAsync("health/ready"));

        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("account/login")]
    [InlineData("api/does-not-exist")]
    [InlineData("health/live")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        var response = await app.NewClient().GetAsync(path);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task A_well_formed_request_id_is_echoed_and_a_hostile_one_replaced()
    {
        var client = app.NewClient();

        using var good = new HttpRequestMessage(HttpMethod.Get, "health/live");
        good.Headers.Add("X-Request-ID", "client-1234.abc_Z");
        using var bad = new HttpRequestMessage(HttpMethod.Get, "health/live");
        bad.Headers.TryAddWithoutValidation("X-Request-ID", "<script>alert(1)</script>");
        using var none = new HttpRequestMessage(HttpMethod.Get, "health/live");

        Assert.Equal("client-1234.abc_Z", Assert.Single((await client.SendAsync(good)).Headers.GetValues("X-Request-ID")));
        var replaced = Assert.Single((await client.SendAsync(bad)).Headers.GetValues("X-Request-ID"));
        Assert.StartsWith("req_", replaced);
        Assert.StartsWith("req_", Assert.Single((await client.SendAsync(none)).Headers.GetValues("X-Request-ID")));
    }

    [Theory]
    [InlineData("api/does-not-exist")]
    [InlineData("api/v1/nothing/here")]
    [InlineData("odata/nothing")]
    public async Task Unknown_api_paths_get_the_json_error_envelope_not_a_page(string path)
    {
        var response = await app.NewClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("not_found", error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(Assert.Single(response.Headers.GetValues("X-Request-ID")), error.GetProperty("request_id").GetString());
    }

    [Fact]
    public async Task Unknown_pages_get_a_friendly_not_found_page()
    {
        var response = await app.NewClient().GetAsync("no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("This page does not exist", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Brand_assets_are_served_under_assets()
    {
        var response = await app.NewClient().GetAsync("assets/logo.svg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<svg", await response.Content.ReadAsStringAsync());
    }
}
