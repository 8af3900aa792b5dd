using System.Net;
using System.Text.Json;
using Duende.IdentityModel.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Tests.Features.OAuth;

[Collection(PortalCollection.Name)]
public class ClientCredentialsTests(PortalApp app)
{
    [Fact]
    public async Task Discovery_advertises_the_endpoints_S256_only_and_no_implicit_or_password_grant()
    {
        var discovery = await app.DiscoverAsync();

        Assert.EndsWith("/auth/oauth/authorize", discovery.AuthorizeEndpoint);
        Assert.EndsWith("/auth/oauth/token", discovery.TokenEndpoint);
        Assert.EndsWith("/auth/oauth/revoke", discovery.RevocationEndpoint);
        Assert.EndsWith("/auth/oauth/introspect", discovery.IntrospectionEndpoint);
        Assert.EndsWith("/auth/oauth/userinfo", discovery.UserInfoEndpoint);
        Assert.EndsWith("/auth/oauth/logout", discovery.EndSessionEndpoint);
        Assert.EndsWith("/.well-known/jwks", discovery.JwksUri);
        Assert.Equal(["S256"], discovery.CodeChallengeMethodsSupported);
        Assert.DoesNotContain("implicit", discovery.GrantTypesSupported);
        Assert.DoesNotContain("password", discovery.GrantTypesSupported);
        Assert.Equal(["code"], discovery.ResponseTypesSupported);
        Assert.True(discovery.TryGetBoolean("authorization_response_iss_parameter_supported"));
        Assert.Contains("orders:read", discovery.ScopesSupported);

        // RFC 8414's well-known address answers the same document.
        var metadata = await app.NewClient().GetStringAsync(".well-known/oauth-authorization-server");
        Assert.Equal(discovery.Issuer, JsonDocument.Parse(metadata).RootElement.GetProperty("issuer").GetString());
    }

    [Theory]
    [InlineData("auth/oauth/token")]
    [InlineData("api/oauth/token")]
    public async Task A_machine_client_gets_a_signed_jwt_at_either_token_address_and_calls_the_api_for_its_owner(string tokenPath)
    {
        var owner = await app.Given.DeveloperAsync();
        var client = await app.Given.MachineClientAsync(owner, "orders:read", "invoices:read");

        var token = await app.ClientCredentialsAsync(client.ClientId, client.ClientSecret!, "orders:read", new Uri(app.BaseAddress, tokenPath).ToString());

        Assert.False(token.IsError, token.Error);
        Assert.Equal("Bearer", token.TokenType);
        Assert.InRange(token.ExpiresIn, 3590, 3600);
        Assert.Null(token.RefreshToken);
        var (header, payload) = OAuthTestExtensions.DecodeJwt(token.AccessToken!);
        Assert.Equal("at+jwt", header.GetProperty("typ").GetString());
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        var jwks = (await app.DiscoverAsync()).KeySet!.Keys;
        Assert.Contains(jwks, k => k.Kid == header.GetProperty("kid").GetString());
        Assert.Equal("notarial-api", payload.GetProperty("aud").GetString());
        Assert.Equal(client.ClientId, payload.GetProperty("sub").GetString());
        Assert.Equal("orders:read", payload.GetProperty("scope").GetString());

        var (status, body, _) = await app.CallApiAsync(token.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("oauth_token", body.GetProperty("credential").GetProperty("kind").GetString());
        Assert.Equal(client.ClientId, body.GetProperty("credential").GetProperty("client_id").GetString());
        Assert.Equal(owner.Id, body.GetProperty("account_id").GetString());
        Assert.Equal(["orders:read"], body.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!).ToArray());
    }

    [Fact]
    public async Task Without_a_scope_the_client_gets_every_scope_it_is_allowed_and_never_more()
    {
        var owner = await app.Given.DeveloperAsync();
        var client = await app.Given.MachineClientAsync(owner, "orders:read", "invoices:read");

        var all = await app.ClientCredentialsAsync(client.ClientId, client.ClientSecret!);
        var tooMuch = await app.ClientCredentialsAsync(client.ClientId, client.ClientSecret!, "orders:read orders:write");

        Assert.Equal("invoices:read orders:read", string.Join(' ', all.Scope!.Split(' ').Order()));
        Assert.True(tooMuch.IsError);
        Assert.Equal("invalid_scope", tooMuch.Error);
    }

    [Fact]
    public async Task A_wrong_secret_is_invalid_client_in_rfc6749_json_and_a_security_event()
    {
        var owner = await app.Given.DeveloperAsync();
        var client = await app.Given.MachineClientAsync(owner, "orders:read");

        var token = await app.ClientCredentialsAsync(client.ClientId, "not-the-secret", style: ClientCredentialStyle.PostBody);

        Assert.True(token.IsError);
        Assert.Equal(HttpStatusCode.BadRequest, token.HttpStatusCode);
        Assert.Equal("invalid_client", token.Error);
        Assert.Equal("application/json", token.HttpResponse!.Content.Headers.ContentType!.MediaType);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.True(await db.SecurityEvents.AnyAsync(e => e.Type == SecurityEventTypes.ClientAuthenticationFailed && e.TargetId == client.ClientId));
    }

    [Fact]
    public async Task A_client_authenticating_with_http_basic_gets_401_with_www_authenticate_on_a_wrong_secret()
    {
        var owner = await app.Given.DeveloperAsync();
        var client = await app.Given.MachineClientAsync(owner, "orders:read");
        var http = app.NewClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{client.ClientId}:wrong")));

        var response = await http.PostAsync("auth/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
        Assert.Equal("invalid_client", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    public static TheoryData<Dictionary<string, string>, string> MalformedRequests => new()
    {
        { new() { ["client_id"] = "x" }, "invalid_request" },
        { new() { ["grant_type"] = "password", ["username"] = "a", ["password"] = "b", ["client_id"] = "x" }, "unsupported_grant_type" },
        { new() { ["grant_type"] = "implicit", ["client_id"] = "x" }, "unsupported_grant_type" },
        { new() { ["grant_type"] = "client_credentials", ["client_id"] = "no-such-client", ["client_secret"] = "x" }, "invalid_client" },
        { new() { ["grant_type"] = "authorization_code", ["code"] = "garbage", ["client_id"] = "x" }, "invalid_client" },
    };

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public async Task Malformed_token_requests_get_rfc6749_errors_never_a_500_or_a_page(Dictionary<string, string> form, string error)
    {
        var response = await app.NewClient().PostAsync("auth/oauth/token", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(error, body.RootElement.GetProperty("error").GetString());
        Assert.True(body.RootElement.TryGetProperty("error_description", out _));
    }

    [Fact]
    public async Task Guessing_a_clients_secret_is_cut_off_with_429_after_ten_failures()
    {
        var owner = await app.Given.DeveloperAsync();
        var client = await app.Given.MachineClientAsync(owner, "orders:read");
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("invalid_client", (await app.ClientCredentialsAsync(client.ClientId, "guess-" + i, style: ClientCredentialStyle.PostBody)).Error);
        }

        var refused = await app.ClientCredentialsAsync(client.ClientId, client.ClientSecret!);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.HttpStatusCode);
        Assert.Equal("temporarily_unavailable", JsonDocument.Parse(refused.Raw!).RootElement.GetProperty("error").GetString());
        Assert.True(refused.HttpResponse!.Headers.RetryAfter is not null);

        app.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.False((await app.ClientCredentialsAsync(client.ClientId, client.ClientSecret!)).IsError);
    }

    [Fact]
    public async Task The_api_refuses_a_forged_or_tampered_token_as_invalid_token_with_www_authenticate()
    {
        var owner = await app.Given.DeveloperAsync();
        var client = await app.Given.MachineClientAsync(owner, "orders:read");
        var token = (await app.ClientCredentialsAsync(client.ClientId, client.ClientSecret!)).AccessToken!;
        var parts = token.Split('.');
        var tampered = parts[0] + "." + parts[1][..^2] + "AA." + parts[2];

        foreach (var bad in new[] { tampered, "not.a.jwt", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0." })
        {
            var (status, body, response) = await app.CallApiAsync(bad);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal("invalid_token", body.GetProperty("error").GetProperty("code").GetString());
            Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
            Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
        }
    }

    [Fact]
    public async Task An_expired_token_is_expired_token()
    {
        var owner = await app.Given.DeveloperAsync();
        var client = await app.Given.MachineClientAsync(owner, "orders:read");
        var token = (await app.ClientCredentialsAsync(client.ClientId, client.ClientSecret!)).AccessToken!;

        app.Clock.Advance(TimeSpan.FromMinutes(61));
        var (status, body, _) = await app.CallApiAsync(token);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("expired_token", body.GetProperty("error").GetProperty("code").GetString());
    }
}
