using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Duende.IdentityModel.Client;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Admin;
using Notarial.Portal.Features.OAuth;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Tests.Features.OAuth;

namespace Notarial.Portal.Tests.Features.ScaleOut;

/// <summary>
/// OAuth across two instances behind one issuer: codes and refresh tokens made at A and used at B (once only), and
/// every kind of revocation made at A refused at B within a second; an antiforgery token from A's page accepted at B.
/// </summary>
[Collection(TwoInstancesCollection.Name)]
public sealed class CrossInstanceOAuthTests(TwoInstances cluster)
{
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(1);

    private PortalApp A => cluster.A;

    private PortalApp B => cluster.B;

    private static string Endpoint(PortalApp at, string path) => new Uri(at.BaseAddress, path).ToString();

    private static async Task<TokenResponse> RedeemAtAsync(PortalApp at, RegisteredClient client, string code, string verifier) =>
        await at.NewClient().RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = Endpoint(at, "auth/oauth/token"),
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            Code = code,
            RedirectUri = Given.RedirectUri,
            CodeVerifier = verifier,
        });

    private static async Task<TokenResponse> RefreshAtAsync(PortalApp at, RegisteredClient client, string refreshToken) =>
        await at.NewClient().RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = Endpoint(at, "auth/oauth/token"),
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            RefreshToken = refreshToken,
        });

    private static async Task<HttpStatusCode> StatusAtAsync(PortalApp at, string? accessToken) => (await at.CallApiAsync(accessToken)).Status;

    /// <summary>A user signs in and consents at A; the client gets a code from A.</summary>
    private async Task<(RegisteredClient Client, TestUser User, string Code, Pkce Pkce)> CodeFromAAsync(TestUser? user = null)
    {
        var owner = await A.Given.DeveloperAsync();
        user ??= await A.Given.DeveloperAsync();
        var client = await A.Given.WebClientAsync(owner);
        var pkce = Pkce.New();
        var callback = await new OAuthBrowserlessFlow(A, user).RunAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, pkce));
        var code = QueryHelpers.ParseQuery(callback.Query)["code"].ToString();
        Assert.False(string.IsNullOrEmpty(code), $"No code in {callback}");
        return (client, user, code, pkce);
    }

    /// <summary>Tokens for a user, issued by A and already accepted (and cached) by B.</summary>
    private async Task<(RegisteredClient Client, TestUser User, TokenResponse Tokens)> UserTokensFromAAsync(TestUser? user = null)
    {
        var (client, owner, code, pkce) = await CodeFromAAsync(user);
        var tokens = await RedeemAtAsync(A, client, code, pkce.Verifier);
        Assert.False(tokens.IsError, tokens.Error + " " + tokens.ErrorDescription);
        Assert.Equal(HttpStatusCode.OK, await StatusAtAsync(B, tokens.AccessToken));
        return (client, owner, tokens);
    }

    /// <summary>A machine client's token issued by A and already accepted (and cached) by B.</summary>
    private async Task<(RegisteredClient Client, string Token)> MachineTokenFromAAsync(TestUser owner)
    {
        var client = await A.Given.MachineClientAsync(owner, "orders:read");
        var token = await A.ClientCredentialsAsync(client.ClientId, client.ClientSecret!, "orders:read", Endpoint(A, "auth/oauth/token"));
        Assert.False(token.IsError, token.Error);
        Assert.Equal(HttpStatusCode.OK, await StatusAtAsync(B, token.AccessToken));
        return (client, token.AccessToken!);
    }

    /// <summary>How long after <paramref name="revokedAt"/> B answers 401 (fails past 5 s; callers assert the bound).</summary>
    private static async Task<TimeSpan> RefusedWithinAsync(Stopwatch revokedAt, Func<Task<HttpStatusCode>> callB, string what)
    {
        await Until.ValueAsync(callB, s => s == HttpStatusCode.Unauthorized, what, TimeSpan.FromSeconds(5));
        return revokedAt.Elapsed;
    }

    private static void AssertWithinASecond(IEnumerable<TimeSpan> elapsed, string what)
    {
        var worst = elapsed.Max();
        Assert.True(worst < Propagation, $"{what}: the slowest took {worst.TotalMilliseconds:F0} ms to reach B.");
    }

    private async Task<StaffActor> AdminAtAAsync() =>
        new((await A.Given.DeveloperWithTwoFactorAsync(PortalRoles.Admin)).Id, new RequestOrigin("203.0.113.15", "scale-out tests"));

    [Fact]
    public async Task A_refresh_at_B_rotates_a_refresh_token_issued_at_A_and_replaying_the_old_one_revokes_the_grant_everywhere()
    {
        var (client, _, first) = await UserTokensFromAAsync();

        var second = await RefreshAtAsync(B, client, first.RefreshToken!);

        Assert.False(second.IsError, second.Error + " " + second.ErrorDescription);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, await StatusAtAsync(A, second.AccessToken));
        Assert.Equal(HttpStatusCode.OK, await StatusAtAsync(B, second.AccessToken));

        // The rotated refresh token works at A in turn (and rotates again).
        var third = await RefreshAtAsync(A, client, second.RefreshToken!);
        Assert.False(third.IsError, third.Error + " " + third.ErrorDescription);
        Assert.Equal(HttpStatusCode.OK, await StatusAtAsync(B, third.AccessToken));

        // The first refresh token, already used at B, replayed at A: refused, and the whole grant is revoked.
        var replayAtA = await RefreshAtAsync(A, client, first.RefreshToken!);
        var replayed = Stopwatch.StartNew();
        Assert.Equal("invalid_grant", replayAtA.Error);

        var refusedAfter = await RefusedWithinAsync(replayed, () => StatusAtAsync(B, third.AccessToken), "the grant's newest access token refused at B");
        Assert.True(refusedAfter < Propagation, $"The grant's revocation took {refusedAfter.TotalMilliseconds:F0} ms to reach B.");
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAtAsync(B, second.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAtAsync(A, third.AccessToken));
        Assert.Equal("invalid_grant", (await RefreshAtAsync(B, client, third.RefreshToken!)).Error);
        Assert.Equal("invalid_grant", (await RefreshAtAsync(B, client, first.RefreshToken!)).Error);
        Assert.Equal("invalid_grant", (await RefreshAtAsync(A, client, second.RefreshToken!)).Error);
    }

    [Fact]
    public async Task An_old_refresh_token_replayed_at_B_after_a_refresh_at_A_is_refused_and_revokes_the_grant()
    {
        var (client, _, first) = await UserTokensFromAAsync();
        var second = await RefreshAtAsync(A, client, first.RefreshToken!);
        Assert.False(second.IsError, second.Error);
        Assert.Equal(HttpStatusCode.OK, await StatusAtAsync(B, second.AccessToken));

        var replayAtB = await RefreshAtAsync(B, client, first.RefreshToken!);
        var replayed = Stopwatch.StartNew();

        Assert.Equal("invalid_grant", replayAtB.Error);
        var refusedAfter = await RefusedWithinAsync(replayed, () => StatusAtAsync(A, second.AccessToken), "the grant's access token refused at A after a replay at B");
        Assert.True(refusedAfter < Propagation, $"The grant's revocation took {refusedAfter.TotalMilliseconds:F0} ms to reach A.");
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAtAsync(B, second.AccessToken));
        Assert.Equal("invalid_grant", (await RefreshAtAsync(A, client, second.RefreshToken!)).Error);
    }

    [Fact]
    public async Task A_code_issued_at_A_is_redeemed_at_B_once_and_a_second_redemption_at_A_or_B_is_invalid_grant()
    {
        var (client, user, code, pkce) = await CodeFromAAsync();

        var tokens = await RedeemAtAsync(B, client, code, pkce.Verifier);

        Assert.False(tokens.IsError, tokens.Error + " " + tokens.ErrorDescription);
        var (status, body, _) = await A.CallApiAsync(tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(user.Id, body.GetProperty("account_id").GetString());
        Assert.Equal(HttpStatusCode.OK, await StatusAtAsync(B, tokens.AccessToken));

        var againAtA = await RedeemAtAsync(A, client, code, pkce.Verifier);
        var replayed = Stopwatch.StartNew();
        var againAtB = await RedeemAtAsync(B, client, code, pkce.Verifier);

        Assert.Equal("invalid_grant", againAtA.Error);
        Assert.Equal("invalid_grant", againAtB.Error);
        Assert.Null(againAtA.AccessToken);
        Assert.Null(againAtB.AccessToken);

        // A replayed code revokes what it gave, on both instances.
        var refusedAfter = await RefusedWithinAsync(replayed, () => StatusAtAsync(B, tokens.AccessToken), "the replayed code's tokens refused at B");
        Assert.True(refusedAfter < Propagation, $"Took {refusedAfter.TotalMilliseconds:F0} ms.");
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAtAsync(A, tokens.AccessToken));
        Assert.Equal("invalid_grant", (await RefreshAtAsync(B, client, tokens.RefreshToken!)).Error);
    }

    [Fact]
    public async Task Two_redemptions_of_one_code_at_A_and_B_at_the_same_moment_give_tokens_once()
    {
        var (client, _, code, pkce) = await CodeFromAAsync();

        var both = await Task.WhenAll(RedeemAtAsync(A, client, code, pkce.Verifier), RedeemAtAsync(B, client, code, pkce.Verifier));

        Assert.Single(both, t => !t.IsError);
        Assert.Single(both, t => t.Error == "invalid_grant");
    }

    [Fact]
    public async Task An_access_token_revoked_at_A_through_the_revocation_endpoint_is_refused_at_B_within_a_second()
    {
        var owner = await A.Given.DeveloperAsync();
        var client = await A.Given.MachineClientAsync(owner, "orders:read");
        var elapsed = new List<TimeSpan>();
        for (var i = 0; i < 10; i++)
        {
            var token = (await A.ClientCredentialsAsync(client.ClientId, client.ClientSecret!, "orders:read", Endpoint(A, "auth/oauth/token"))).AccessToken!;
            Assert.Equal(HttpStatusCode.OK, await StatusAtAsync(B, token));

            var revocation = await A.NewClient().RevokeTokenAsync(new TokenRevocationRequest
            {
                Address = Endpoint(A, "auth/oauth/revoke"),
                ClientId = client.ClientId,
                ClientSecret = client.ClientSecret,
                Token = token,
                TokenTypeHint = "access_token",
            });
            var revokedAt = Stopwatch.StartNew();
            Assert.False(revocation.IsError, revocation.Error);

            elapsed.Add(await RefusedWithinAsync(revokedAt, () => StatusAtAsync(B, token), $"revoked token {i} refused at B"));
        }

        AssertWithinASecond(elapsed, "Access token revocations");
        var (status, body, _) = await B.CallApiAsync((await A.ClientCredentialsAsync(client.ClientId, client.ClientSecret!, "orders:read", Endpoint(A, "auth/oauth/token"))).AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(client.ClientId, body.GetProperty("credential").GetProperty("client_id").GetString());
    }

    [Fact]
    public async Task A_grant_the_user_revokes_at_A_is_refused_at_B_within_a_second()
    {
        var elapsed = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            var (client, user, tokens) = await UserTokensFromAAsync();
            var connected = A.Services.GetRequiredService<ConnectedApps>();
            var grant = Assert.Single(await connected.ListAsync(user.Id));

            Assert.True(await connected.RevokeAsync(user.Id, grant.AuthorizationId, RequestOrigin.Unknown));
            var revokedAt = Stopwatch.StartNew();

            elapsed.Add(await RefusedWithinAsync(revokedAt, () => StatusAtAsync(B, tokens.AccessToken), "the revoked grant's access token refused at B"));
            Assert.Equal("invalid_grant", (await RefreshAtAsync(B, client, tokens.RefreshToken!)).Error);
            Assert.Empty(await B.Services.GetRequiredService<ConnectedApps>().ListAsync(user.Id));
        }

        AssertWithinASecond(elapsed, "Grant revocations");
    }

    [Fact]
    public async Task An_application_disabled_or_deleted_at_A_is_refused_at_B_within_a_second()
    {
        var admin = await AdminAtAAsync();
        var actions = A.Services.GetRequiredService<AdminActions>();
        var elapsed = new List<TimeSpan>();
        foreach (var delete in new[] { false, true, false, true })
        {
            var owner = await A.Given.DeveloperAsync();
            var (client, token) = await MachineTokenFromAAsync(owner);
            // B knows the client (its client cache holds it) before the change.
            Assert.False((await B.ClientCredentialsAsync(client.ClientId, client.ClientSecret!, "orders:read", Endpoint(B, "auth/oauth/token"))).IsError);

            var result = delete
                ? await actions.DeleteApplicationAsync(admin, client.ApplicationId, new AdminReason(AdminReason.Abuse))
                : await actions.SetApplicationDisabledAsync(admin, client.ApplicationId, true, new AdminReason(AdminReason.Abuse));
            var changedAt = Stopwatch.StartNew();
            Assert.True(result.Succeeded, result.Message);

            elapsed.Add(await RefusedWithinAsync(changedAt, () => StatusAtAsync(B, token), $"the {(delete ? "deleted" : "disabled")} application's token refused at B"));
            var noNewToken = await Until.ValueAsync(
                () => B.ClientCredentialsAsync(client.ClientId, client.ClientSecret!, "orders:read", Endpoint(B, "auth/oauth/token")),
                t => t.IsError, "no new token for the application at B", Propagation);
            // Basic client authentication refused: 401 with the RFC 6749 error in the JSON body.
            Assert.Equal(HttpStatusCode.Unauthorized, noNewToken.HttpStatusCode);
            Assert.Equal("invalid_client", noNewToken.TryGet("error"));
            elapsed.Add(changedAt.Elapsed);
        }

        AssertWithinASecond(elapsed, "Application changes");
    }

    [Fact]
    public async Task A_user_locked_at_A_is_refused_at_B_within_a_second()
    {
        var admin = await AdminAtAAsync();
        var actions = A.Services.GetRequiredService<AdminActions>();
        var elapsed = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            var (client, user, tokens) = await UserTokensFromAAsync();

            var result = await actions.LockUserAsync(admin, user.Id, new AdminReason(AdminReason.Compromised));
            var lockedAt = Stopwatch.StartNew();
            Assert.True(result.Succeeded, result.Message);

            elapsed.Add(await RefusedWithinAsync(lockedAt, () => StatusAtAsync(B, tokens.AccessToken), "the locked user's access token refused at B"));
            Assert.Equal("invalid_grant", (await RefreshAtAsync(B, client, tokens.RefreshToken!)).Error);
        }

        AssertWithinASecond(elapsed, "Account locks");
    }

    [Fact]
    public async Task A_user_whose_credentials_an_admin_revokes_at_A_is_refused_at_B_within_a_second()
    {
        var admin = await AdminAtAAsync();
        var actions = A.Services.GetRequiredService<AdminActions>();
        using var atB = B.NewClient();
        var elapsed = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            var owner = await A.Given.DeveloperAsync();
            var key = await A.Given.ApiKeyAsync(owner);
            var (_, machineToken) = await MachineTokenFromAAsync(owner);
            var (client, _, userTokens) = await UserTokensFromAAsync(owner);
            Assert.Equal(HttpStatusCode.OK, (await atB.GetWithKeyAsync("api/auth/test", key.Secret)).StatusCode);

            var result = await actions.RevokeAllCredentialsAsync(admin, owner.Id, new AdminReason(AdminReason.Compromised));
            var revokedAt = Stopwatch.StartNew();
            Assert.True(result.Succeeded, result.Message);

            elapsed.Add(await RefusedWithinAsync(revokedAt, async () => (await atB.GetWithKeyAsync("api/auth/test", key.Secret)).StatusCode, "the owner's API key refused at B"));
            elapsed.Add(await RefusedWithinAsync(revokedAt, () => StatusAtAsync(B, machineToken), "the owner's application's token refused at B"));
            elapsed.Add(await RefusedWithinAsync(revokedAt, () => StatusAtAsync(B, userTokens.AccessToken), "the owner's own access token refused at B"));
            await (await atB.GetWithKeyAsync("api/auth/test", key.Secret)).AssertErrorAsync(HttpStatusCode.Unauthorized, "revoked_api_key");
            Assert.Equal("invalid_grant", (await RefreshAtAsync(B, client, userTokens.RefreshToken!)).Error);
        }

        AssertWithinASecond(elapsed, "Credential revocations");
    }

    [Fact]
    public async Task An_antiforgery_token_from_As_page_is_accepted_by_B_for_a_session_call_that_changes_data()
    {
        var user = await A.Given.DeveloperAsync();
        var cookies = new CookieContainer();
        using var atA = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = A.BaseAddress };
        using var atB = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = B.BaseAddress };
        await atA.SignInAsync(user);
        var token = await atA.AntiforgeryTokenAsync();

        // Without the token B refuses the change (the check is on); with the token made by A's page, B accepts it.
        var without = await atB.PostAsync("api/v1/orders", JsonContent.Create(new { customer_name = "Ada", service = "Deed", amount = 10 }));
        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/orders") { Content = JsonContent.Create(new { customer_name = "Ada", service = "Deed", amount = 10 }) };
        request.Headers.Add("RequestVerificationToken", token);
        var created = await atB.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var order = await created.JsonAsync();
        Assert.Equal("Ada", order.GetProperty("customer_name").GetString());

        // And the order made through B is there at A.
        var fetched = await atA.GetAsync($"api/v1/orders/{order.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal("Ada", (await fetched.JsonAsync()).GetProperty("customer_name").GetString());
    }

    [Fact]
    public async Task A_form_from_As_page_posted_to_B_is_accepted()
    {
        var user = await A.Given.DeveloperAsync();
        var cookies = new CookieContainer();
        using var atA = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = A.BaseAddress };
        using var atB = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = B.BaseAddress };

        // The sign-in form (with its antiforgery token) comes from A's page; B receives the post and signs the user in.
        var page = HtmlForms.Parse(await atA.GetStringAsync("account/login"));
        var form = page.Forms.Single(f => f.QuerySelector("input[name=_handler][value='login']") is not null);
        var values = form.QuerySelectorAll("input[type=hidden]").OfType<AngleSharp.Html.Dom.IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name)).ToDictionary(i => i.Name!, i => i.Value);
        Assert.Contains("__RequestVerificationToken", values.Keys);
        values["Input.Email"] = user.Email;
        values["Input.Password"] = user.Password;

        var posted = await atB.PostAsync("account/login", new FormUrlEncodedContent(values));

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var api = await atA.GetAsync("api/auth/test");
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(user.Id, (await api.JsonAsync()).GetProperty("account_id").GetString());
    }
}
