using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Features.OAuth.Keys;

namespace Notarial.Portal.Tests.Features.OAuth;

/// <summary>Key rotation changes the server's keys for everyone, so these tests run on a portal of their own.</summary>
public sealed class SigningKeyTests : IAsyncLifetime
{
    private readonly PortalApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task After_a_rotation_the_new_key_signs_jwks_shows_both_and_tokens_signed_before_keep_working()
    {
        var owner = await _app.Given.DeveloperAsync();
        var client = await _app.Given.MachineClientAsync(owner, "orders:read");
        var before = (await _app.ClientCredentialsAsync(client.ClientId, client.ClientSecret!)).AccessToken!;
        var oldKid = OAuthTestExtensions.DecodeJwt(before).Header.GetProperty("kid").GetString();

        await _app.Services.GetRequiredService<SigningKeyRing>().RotateAsync("test");
        var after = (await _app.ClientCredentialsAsync(client.ClientId, client.ClientSecret!)).AccessToken!;
        var newKid = OAuthTestExtensions.DecodeJwt(after).Header.GetProperty("kid").GetString();

        Assert.NotEqual(oldKid, newKid);
        var published = (await _app.DiscoverAsync()).KeySet!.Keys.Select(k => k.Kid).ToList();
        Assert.Contains(oldKid, published);
        Assert.Contains(newKid, published);
        Assert.Equal(HttpStatusCode.OK, (await _app.CallApiAsync(before)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _app.CallApiAsync(after)).Status);
    }

    [Fact]
    public async Task Keys_are_made_on_first_start_stored_protected_and_kept_across_a_restart()
    {
        // A restart keeps the public address, so both runs have the same issuer (the test servers' ports differ).
        const string issuer = "https://portal.notarial.test/";
        var dataDirectory = Path.Combine(Path.GetTempPath(), "notarial-tests", Guid.NewGuid().ToString("N"));
        string token;
        List<string> kids;
        await using (var first = new PortalApp(dataDirectory, issuer))
        {
            await first.InitializeAsync();
            var owner = await first.Given.DeveloperAsync();
            var client = await first.Given.MachineClientAsync(owner, "orders:read");
            token = (await first.ClientCredentialsAsync(client.ClientId, client.ClientSecret!, tokenEndpoint: new Uri(first.BaseAddress, "auth/oauth/token").ToString())).AccessToken!;
            kids = await KidsAsync(first);
            var stored = await first.Services.GetRequiredService<SigningKeyRing>().ListAsync();
            Assert.All(stored, k => Assert.DoesNotContain("PRIVATE KEY", k.ProtectedPrivateKey, StringComparison.Ordinal));
        }

        await using (var restarted = new PortalApp(dataDirectory, issuer))
        {
            await restarted.InitializeAsync();

            Assert.Equal(kids, await KidsAsync(restarted));
            Assert.Equal(HttpStatusCode.OK, (await restarted.CallApiAsync(token)).Status);
        }

        // Only once the second server has stopped: its background writers (audit, usage) still touch the database until then.
        Directory.Delete(dataDirectory, recursive: true);
    }

    private static async Task<List<string>> KidsAsync(PortalApp app)
    {
        using var jwks = System.Text.Json.JsonDocument.Parse(await app.NewClient().GetStringAsync(".well-known/jwks"));
        return jwks.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).Order().ToList();
    }
}
