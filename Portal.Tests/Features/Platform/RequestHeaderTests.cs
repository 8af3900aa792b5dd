using System.Net;

namespace Notarial.Portal.Tests.Features.Platform;

/// <summary>Seed 003's security headers: X-API-Version, X-Request-ID, X-Client-Version.</summary>
[Collection(PortalCollection.Name)]
public sealed class RequestHeaderTests(PortalApp app)
{
    private async Task<HttpResponseMessage> SendAsync(params (string Name, string Value)[] headers)
    {
        var key = await app.Given.ApiKeyAsync(scopes: "orders:read");
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/auth/test");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key.Secret);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await app.NewClient().SendAsync(request);
    }

    [Fact]
    public async Task The_seeds_headers_are_accepted_and_echoed()
    {
        var response = await SendAsync(("X-API-Version", "2.0"), ("X-Request-ID", "unique-request-id"), ("X-Client-Version", "1.0.0"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("unique-request-id", response.Headers.GetValues("X-Request-ID").Single());
        Assert.Equal("1.0", response.Headers.GetValues("X-API-Version").Single());
        Assert.True((await response.JsonAsync()).GetProperty("valid").GetBoolean());
    }

    [Theory]
    [InlineData("3.0")]
    [InlineData("latest")]
    [InlineData("")]
    public async Task An_unknown_api_version_is_a_400_unsupported_api_version(string version)
    {
        var response = await SendAsync(("X-API-Version", version));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal("unsupported_api_version", error.GetProperty("code").GetString());
        Assert.Equal(response.Headers.GetValues("X-Request-ID").Single(), error.GetProperty("request_id").GetString());
    }

    [Theory]
    [InlineData("has spaces in it")]
    [InlineData("semi;colon")]
    [InlineData("a-very-long-request-id-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task A_request_id_that_is_not_a_short_token_is_replaced_and_the_new_one_is_in_error_bodies(string id)
    {
        var key = await app.Given.ApiKeyAsync(scopes: "invoices:read");
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/orders");
        request.Headers.TryAddWithoutValidation("X-API-Key", key.Secret);
        request.Headers.TryAddWithoutValidation("X-Request-ID", id);

        var response = await app.NewClient().SendAsync(request);

        var echoed = response.Headers.GetValues("X-Request-ID").Single();
        Assert.NotEqual(id, echoed);
        Assert.StartsWith("req_", echoed);
        Assert.Equal(echoed, (await response.ErrorAsync()).GetProperty("request_id").GetString());
    }
}
