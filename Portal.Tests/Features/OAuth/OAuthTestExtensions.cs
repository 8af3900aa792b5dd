using System.Net.Http.Headers;
using System.Text.Json;
using Duende.IdentityModel.Client;

namespace Notarial.Portal.Tests.Features.OAuth;

public static class OAuthTestExtensions
{
    /// <summary>The discovery document, read and checked by the client library as any OAuth client would.</summary>
    public static async Task<DiscoveryDocumentResponse> DiscoverAsync(this PortalApp app)
    {
        var authority = app.BaseAddress.ToString().TrimEnd('/');
        var discovery = await app.NewClient().GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest
        {
            Address = authority,
            Policy = new DiscoveryPolicy { RequireHttps = false, Authority = authority + "/", ValidateEndpoints = true },
        });
        Assert.False(discovery.IsError, discovery.Error);
        return discovery;
    }

    /// <summary>Client credentials with the secret in HTTP Basic (the library's default), or in the form body.</summary>
    public static async Task<TokenResponse> ClientCredentialsAsync(this PortalApp app, string clientId, string secret, string? scope = null, string? tokenEndpoint = null,
        ClientCredentialStyle style = ClientCredentialStyle.AuthorizationHeader)
    {
        return await app.NewClient().RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = tokenEndpoint ?? (await app.DiscoverAsync()).TokenEndpoint,
            ClientId = clientId,
            ClientSecret = secret,
            Scope = scope,
            ClientCredentialStyle = style,
        });
    }

    /// <summary>Calls /api/auth/test with a bearer token; returns the status and the JSON body.</summary>
    public static async Task<(System.Net.HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> CallApiAsync(this PortalApp app, string? accessToken, string path = "api/auth/test")
    {
        var client = app.NewClient();
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    /// <summary>The JWT's header and payload, decoded without validation (to look at them).</summary>
    public static (JsonElement Header, JsonElement Payload) DecodeJwt(string jwt)
    {
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        static JsonElement Decode(string part) =>
            JsonDocument.Parse(Convert.FromBase64String(part.Replace('-', '+').Replace('_', '/').PadRight(part.Length + (4 - part.Length % 4) % 4, '='))).RootElement.Clone();
        return (Decode(parts[0]), Decode(parts[1]));
    }
}
