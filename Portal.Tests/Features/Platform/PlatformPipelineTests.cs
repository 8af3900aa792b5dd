using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Server.Features.Platform;
using Notarial.Portal.Tests.Features.OAuth;

namespace Notarial.Portal.Tests.Features.Platform;

[Collection(PortalCollection.Name)]
public sealed class PlatformPipelineTests(PortalApp app)
{
    public static TheoryData<string, string, string, HttpStatusCode> ScopeMatrix => new()
    {
        // credential scopes, method, path, expected
        { "orders:read", "GET", "api/v1/orders", HttpStatusCode.OK },
        { "read", "GET", "api/v1/orders", HttpStatusCode.OK },
        { "admin", "GET", "api/v1/orders", HttpStatusCode.OK },
        { "orders:write", "GET", "api/v1/orders", HttpStatusCode.Forbidden },
        { "invoices:read", "GET", "api/v1/orders", HttpStatusCode.Forbidden },
        { "orders:write", "POST", "api/v1/orders", HttpStatusCode.Created },
        { "write", "POST", "api/v1/orders", HttpStatusCode.Created },
        { "orders:read", "POST", "api/v1/orders", HttpStatusCode.Forbidden },
        { "read", "POST", "api/v1/orders", HttpStatusCode.Forbidden },
        { "orders:write", "DELETE", "api/v1/orders/ord_missing", HttpStatusCode.Forbidden },
        { "delete", "DELETE", "api/v1/orders/ord_missing", HttpStatusCode.NotFound },
        { "invoices:read", "GET", "api/v1/invoices", HttpStatusCode.OK },
        { "read", "GET", "api/v1/invoices", HttpStatusCode.OK },
        { "orders:read", "GET", "api/v1/invoices", HttpStatusCode.Forbidden },
        { "appointments:read", "GET", "api/v1/appointments", HttpStatusCode.OK },
        { "invoices:read", "GET", "api/v1/appointments", HttpStatusCode.Forbidden },
        { "orders:read", "GET", "api/auth/test", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(ScopeMatrix))]
    public async Task Each_endpoint_admits_exactly_the_scopes_that_satisfy_its_own(string scopes, string method, string path, HttpStatusCode expected)
    {
        var owner = await app.Given.DeveloperAsync();
        var api = await app.ApiClientAsync(owner, scopes.Split(' '));
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { customer_name = "Ada", service = "Deed", amount = 10 });
        }

        var response = await api.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            var body = await response.JsonAsync();
            Assert.Equal("insufficient_scope", body.ErrorCode());
            Assert.Equal("permission_error", body.GetProperty("error").GetProperty("type").GetString());
            Assert.Contains("needs the scope", body.GetProperty("error").GetProperty("message").GetString());
        }
    }

    [Fact]
    public void Every_platform_endpoint_declares_its_scope_or_why_it_needs_none()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } route && (route.StartsWith("/api", StringComparison.Ordinal) || route.StartsWith("/odata", StringComparison.Ordinal))
                        && !route.StartsWith("/api/oauth", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, endpoint => Assert.True(
            endpoint.Metadata.GetMetadata<RequiredScopeMetadata>() is not null ||
            endpoint.Metadata.GetMetadata<AnyCallerEndpointMetadata>() is not null ||
            endpoint.Metadata.GetMetadata<AnonymousPlatformEndpointMetadata>() is not null,
            $"{endpoint.DisplayName} ({endpoint.RoutePattern.RawText}) declares no scope"));
    }

    [Fact]
    public async Task Without_a_credential_the_api_answers_401_with_www_authenticate()
    {
        var response = await app.NewClient().GetAsync("api/v1/orders");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("invalid_api_key", (await response.JsonAsync()).ErrorCode());
    }

    [Fact]
    public async Task Two_credentials_in_one_request_are_a_400()
    {
        var owner = await app.Given.DeveloperAsync();
        var api = await app.ApiClientAsync(owner, "orders:read");
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/orders");
        request.Headers.Add("X-API-Key", "notary_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await response.JsonAsync()).ErrorCode());
    }

    [Theory]
    [InlineData("api/v1/orders?api_key=notary_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("api/auth/test?access_token=abc")]
    public async Task A_credential_in_the_query_string_is_refused(string path)
    {
        var response = await app.NewClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("invalid_request", body.ErrorCode());
        Assert.DoesNotContain("notary_", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Every_api_response_carries_rate_limit_headers()
    {
        var owner = await app.Given.DeveloperAsync();
        var api = await app.ApiClientAsync(owner, "orders:read");

        foreach (var response in new[] { await api.GetAsync("api/v1/orders"), await app.NewClient().GetAsync("api/v1/orders") })
        {
            Assert.True(response.Headers.Contains("X-RateLimit-Limit"));
            Assert.True(response.Headers.Contains("X-RateLimit-Remaining"));
            Assert.True(response.Headers.Contains("X-RateLimit-Reset"));
        }
    }

    [Fact]
    public async Task A_session_call_that_changes_data_needs_the_antiforgery_token()
    {
        var user = await app.Given.DeveloperAsync();
        var browser = app.NewClient();
        await browser.SignInAsync(user);
        var order = JsonContent.Create(new { customer_name = "Ada", service = "Deed", amount = 10 });

        var without = await browser.PostAsync("api/v1/orders", order);
        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.Contains("antiforgery", (await without.JsonAsync()).GetProperty("error").GetProperty("message").GetString());

        // The portal's pages carry the token; a page's script sends it back in the header.
        var page = HtmlForms.Parse(await browser.GetStringAsync("account/manage"));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/orders") { Content = JsonContent.Create(new { customer_name = "Ada", service = "Deed", amount = 10 }) };
        request.Headers.Add("RequestVerificationToken", token);
        Assert.Equal(HttpStatusCode.Created, (await browser.SendAsync(request)).StatusCode);
    }
}
