using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Features.OAuth;

namespace Notarial.Portal.Tests.Infrastructure;

public sealed partial class Given
{
    public const string RedirectUri = "https://client.example.test/callback";

    /// <summary>A machine-to-machine client of <paramref name="owner"/> allowed <paramref name="scopes"/>.</summary>
    public async Task<RegisteredClient> MachineClientAsync(TestUser owner, params string[] scopes) =>
        await RegisterAsync(new OAuthClientSpec("Machine " + Guid.NewGuid().ToString("N")[..6], ApplicationKind.Machine, owner.Id, scopes));

    /// <summary>A machine client whose tokens reach <paramref name="environment"/> ("live" or "test").</summary>
    public async Task<RegisteredClient> MachineClientInAsync(string environment, TestUser owner, params string[] scopes) =>
        await RegisterAsync(new OAuthClientSpec("Machine " + Guid.NewGuid().ToString("N")[..6], ApplicationKind.Machine, owner.Id, scopes, Environment: environment));

    /// <summary>A web application (confidential, authorization code) or a single-page app (public, PKCE required).</summary>
    public async Task<RegisteredClient> WebClientAsync(TestUser owner, ApplicationKind kind = ApplicationKind.WebApp, string redirectUri = RedirectUri, params string[] scopes) =>
        await RegisterAsync(new OAuthClientSpec("Web " + Guid.NewGuid().ToString("N")[..6], kind, owner.Id,
            scopes.Length == 0 ? ["orders:read", "invoices:read"] : scopes,
            RedirectUris: [new Uri(redirectUri)], PostLogoutRedirectUris: [new Uri("https://client.example.test/signed-out")],
            HomepageUrl: "https://client.example.test"));

    private async Task<RegisteredClient> RegisterAsync(OAuthClientSpec spec)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OAuthClientRegistration>().RegisterAsync(spec);
    }
}
