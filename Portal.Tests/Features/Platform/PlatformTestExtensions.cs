using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Notarial.Portal.Tests.Features.OAuth;

namespace Notarial.Portal.Tests.Features.Platform;

public static class PlatformTestExtensions
{
    /// <summary>An HTTP client calling the platform API with a client-credentials token of <paramref name="owner"/>'s
    /// new machine client holding <paramref name="scopes"/>.</summary>
    public static async Task<HttpClient> ApiClientInAsync(this PortalApp app, string environment, TestUser owner, params string[] scopes)
    {
        var client = await app.Given.MachineClientInAsync(environment, owner, scopes);
        var token = await app.ClientCredentialsAsync(client.ClientId, client.ClientSecret!);
        Assert.False(token.IsError, token.Error);
        var http = app.NewClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return http;
    }

    public static Task<HttpClient> ApiClientAsync(this PortalApp app, TestUser owner, params string[] scopes) =>
        app.ApiClientInAsync("live", owner, scopes);

    public static string ErrorCode(this JsonElement body) => body.GetProperty("error").GetProperty("code").GetString()!;

    public static async Task<JsonElement> CreateOrderAsync(this HttpClient api, string customer = "Ada Lovelace", decimal amount = 120.50m, string service = "Power of attorney")
    {
        var response = await api.PostAsJsonAsync("api/v1/orders", new { customer_name = customer, service, amount, currency = "EUR" });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }

    public static async Task<JsonElement> CreateProductAsync(this HttpClient api, string name = "Power of attorney", decimal price = 145m, int stock = 10, string? sku = null)
    {
        var response = await api.PostAsJsonAsync("api/v1/products", new { name, price, stock, sku, currency = "EUR" });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }
}
