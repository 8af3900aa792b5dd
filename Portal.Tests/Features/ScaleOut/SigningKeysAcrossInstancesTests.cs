using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Admin;
using Notarial.Portal.Features.OAuth.Keys;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Tests.Features.OAuth;

namespace Notarial.Portal.Tests.Features.ScaleOut;

/// <summary>
/// The authorization server's keys with several instances: a rotation at A reaches B before the new key signs
/// anything, and instances starting together on an empty database make one set of keys. Each test has a pair of
/// instances of its own (it moves their clocks, or starts them in a particular way); they run in the two-instance
/// collection so they do not compete with it for the machine.
/// </summary>
[Collection(TwoInstancesCollection.Name)]
public sealed class SigningKeysAcrossInstancesTests
{
    private static readonly TimeSpan ActivationDelay = TimeSpan.FromMinutes(2);

    private static async Task<List<string>> JwksKidsAsync(PortalApp app)
    {
        using var jwks = JsonDocument.Parse(await app.NewClient().GetStringAsync(".well-known/jwks"));
        return [.. jwks.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).Order()];
    }

    private static async Task<string> TokenAsync(PortalApp at, Notarial.Portal.Features.OAuth.RegisteredClient client)
    {
        var token = await at.ClientCredentialsAsync(client.ClientId, client.ClientSecret!, "orders:read", new Uri(at.BaseAddress, "auth/oauth/token").ToString());
        Assert.False(token.IsError, token.Error);
        return token.AccessToken!;
    }

    private static string KidOf(string jwt) => OAuthTestExtensions.DecodeJwt(jwt).Header.GetProperty("kid").GetString()!;

    private static async Task<List<SigningKey>> KeysAsync(PortalApp app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.Set<SigningKey>().AsNoTracking().ToListAsync();
    }

    [Fact]
    public async Task A_rotation_by_an_admin_at_A_reaches_B_before_the_new_key_signs_and_tokens_it_signs_at_A_validate_at_B()
    {
        // The default kind of delay (the tests' portals use none): the new key is published for a while before it signs.
        await using var pair = await InstancePair.StartAsync(new Dictionary<string, string> { ["OAuth:Keys:ActivationDelay"] = ActivationDelay.ToString() });
        var (a, b) = (pair.A, pair.B);
        var owner = await a.Given.DeveloperAsync();
        var client = await a.Given.MachineClientAsync(owner, "orders:read");
        var before = await TokenAsync(a, client);
        var oldKid = KidOf(before);
        Assert.Equal([oldKid], await JwksKidsAsync(b));

        var admin = await a.Given.DeveloperWithTwoFactorAsync(PortalRoles.Admin);
        var result = await a.Services.GetRequiredService<AdminActions>().RotateSigningKeysAsync(
            new StaffActor(admin.Id, new RequestOrigin("203.0.113.16", "scale-out tests")), new AdminReason(AdminReason.Other, "Scheduled drill"));
        var rotatedAt = Stopwatch.StartNew();
        Assert.True(result.Succeeded, result.Message);
        var newKid = Assert.Single(await KeysAsync(a), k => k.Use == SigningKey.Signing && k.Id != oldKid).Id;

        // B publishes the new key within a second (the rotation is announced; B's own reload would take 30 s), while A
        // still signs with the old one.
        var kidsAtB = await Until.ValueAsync(() => JwksKidsAsync(b), kids => kids.Contains(newKid), "B's JWKS listing the new key", TimeSpan.FromSeconds(5));
        Assert.True(rotatedAt.Elapsed < TimeSpan.FromSeconds(1), $"B published the new key {rotatedAt.Elapsed.TotalMilliseconds:F0} ms after the rotation.");
        Assert.Equal(new[] { oldKid, newKid }.Order(), kidsAtB);
        Assert.Equal(oldKid, KidOf(await TokenAsync(a, client)));
        Assert.Equal(oldKid, KidOf(await TokenAsync(b, client)));

        // The activation time comes; A's next key reload switches it to the new key (B has not reloaded since).
        a.Clock.Advance(ActivationDelay + TimeSpan.FromSeconds(1));
        b.Clock.Advance(ActivationDelay + TimeSpan.FromSeconds(1));
        await a.Services.GetRequiredService<SigningKeyRing>().RefreshAsync(CancellationToken.None);
        var after = await TokenAsync(a, client);

        Assert.Equal(newKid, KidOf(after));
        var (status, body, _) = await b.CallApiAsync(after);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(client.ClientId, body.GetProperty("credential").GetProperty("client_id").GetString());
        Assert.Equal(HttpStatusCode.OK, (await b.CallApiAsync(before)).Status);
        Assert.Equal(HttpStatusCode.OK, (await a.CallApiAsync(after)).Status);
        Assert.Equal(new[] { oldKid, newKid }.Order(), await JwksKidsAsync(a));
    }

    [Fact]
    public async Task Two_instances_starting_together_on_an_empty_database_make_one_signing_key_and_one_encryption_key()
    {
        await using var pair = await InstancePair.StartAsync(together: true);

        var keys = await KeysAsync(pair.A);

        Assert.Single(keys, k => k.Use == SigningKey.Signing);
        Assert.Single(keys, k => k.Use == SigningKey.Encryption);
        var kid = keys.Single(k => k.Use == SigningKey.Signing).Id;
        Assert.Equal([kid], await JwksKidsAsync(pair.A));
        Assert.Equal([kid], await JwksKidsAsync(pair.B));

        // Both sign with it: a token from either validates at the other.
        var owner = await pair.A.Given.DeveloperAsync();
        var client = await pair.A.Given.MachineClientAsync(owner, "orders:read");
        var fromA = await TokenAsync(pair.A, client);
        var fromB = await TokenAsync(pair.B, client);
        Assert.Equal(kid, KidOf(fromA));
        Assert.Equal(kid, KidOf(fromB));
        Assert.Equal(HttpStatusCode.OK, (await pair.B.CallApiAsync(fromA)).Status);
        Assert.Equal(HttpStatusCode.OK, (await pair.A.CallApiAsync(fromB)).Status);
    }

    [Fact]
    public async Task Two_instances_finding_no_keys_at_the_same_moment_make_one_set()
    {
        var servers = await Infrastructure.ScaleOut.ScaleOutServers.GetAsync();
        var app = new Infrastructure.ScaleOut.PostgreSqlPortalApp(await servers.CreateDatabaseAsync());
        await app.InitializeAsync();
        try
        {
            // An empty key table (as on a new database), and two instances' rings reading it at once.
            await using (var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            {
                await db.Set<SigningKey>().ExecuteDeleteAsync();
            }

            using var first = ActivatorUtilities.CreateInstance<SigningKeyRing>(app.Services);
            using var second = ActivatorUtilities.CreateInstance<SigningKeyRing>(app.Services);
            await Task.WhenAll(Task.Run(() => first.RefreshAsync(CancellationToken.None)), Task.Run(() => second.RefreshAsync(CancellationToken.None)));

            var keys = await KeysAsync(app);
            Assert.Single(keys, k => k.Use == SigningKey.Signing);
            Assert.Single(keys, k => k.Use == SigningKey.Encryption);
            Assert.Equal(first.Current.Signing.Single().Record.Id, second.Current.Signing.Single().Record.Id);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
