using System.Net;
using System.Text.Json;
using Duende.IdentityModel.Client;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.OAuth;

namespace Notarial.Portal.Tests.Features.OAuth;

[Collection(PortalCollection.Name)]
public class AuthorizationCodeTests(PortalApp app)
{
    private static Dictionary<string, string?> QueryOf(Uri uri) =>
        QueryHelpers.ParseQuery(uri.Query).ToDictionary(p => p.Key, p => (string?)p.Value.ToString());

    /// <summary>The OAuth error of an authorization response: at the client's redirect URI when OpenIddict had already
    /// validated it, else on the portal's error page (never a redirect to an unvalidated URI).</summary>
    private static async Task<string?> ErrorOfAsync(HttpResponseMessage response)
    {
        if (response.Headers.Location is { IsAbsoluteUri: true } location)
        {
            Assert.Equal(Given.RedirectUri, location.GetLeftPart(UriPartial.Path));
            return QueryOf(location).GetValueOrDefault("error");
        }

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var strong = HtmlForms.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("main strong");
        return strong?.TextContent;
    }

    private async Task<TokenResponse> RedeemAsync(RegisteredClient client, string code, string? verifier, string redirectUri = Given.RedirectUri)
    {
        var discovery = await app.DiscoverAsync();
        return await app.NewClient().RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = discovery.TokenEndpoint,
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            Code = code,
            RedirectUri = redirectUri,
            CodeVerifier = verifier,
        });
    }

    private async Task<(RegisteredClient Client, TestUser User, TokenResponse Tokens)> SignInAndConsentAsync(ApplicationKind kind = ApplicationKind.WebApp)
    {
        var owner = await app.Given.DeveloperAsync();
        var user = await app.Given.DeveloperAsync();
        var client = await app.Given.WebClientAsync(owner, kind);
        var pkce = Pkce.New();
        var callback = await new OAuthBrowserlessFlow(app, user).RunAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, pkce));
        var tokens = await RedeemAsync(client, QueryOf(callback)["code"]!, pkce.Verifier);
        Assert.False(tokens.IsError, tokens.Error + " " + tokens.ErrorDescription);
        return (client, user, tokens);
    }

    [Fact]
    public async Task A_web_app_gets_tokens_through_sign_in_consent_and_pkce_and_the_redirect_carries_state_and_iss()
    {
        var owner = await app.Given.DeveloperAsync();
        var user = await app.Given.DeveloperAsync();
        var client = await app.Given.WebClientAsync(owner);
        var pkce = Pkce.New();
        var flow = new OAuthBrowserlessFlow(app, user);

        var callback = await flow.RunAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, pkce, state: "state-123"));

        Assert.True(flow.SawConsentPage);
        Assert.Equal(Given.RedirectUri, callback.GetLeftPart(UriPartial.Path));
        var query = QueryOf(callback);
        Assert.Equal("state-123", query["state"]);
        Assert.Equal((await app.DiscoverAsync()).Issuer, query["iss"]);
        var tokens = await RedeemAsync(client, query["code"]!, pkce.Verifier);
        Assert.False(tokens.IsError, tokens.Error);
        Assert.NotNull(tokens.RefreshToken);
        Assert.NotNull(tokens.IdentityToken);

        var (status, body, _) = await app.CallApiAsync(tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(user.Id, body.GetProperty("account_id").GetString());
        Assert.Equal(client.ClientId, body.GetProperty("credential").GetProperty("client_id").GetString());

        var (_, idToken) = OAuthTestExtensions.DecodeJwt(tokens.IdentityToken!);
        Assert.Equal(user.Id, idToken.GetProperty("sub").GetString());
        Assert.Equal(user.Email, idToken.GetProperty("email").GetString());

        var userInfo = await app.NewClient().GetUserInfoAsync(new UserInfoRequest { Address = (await app.DiscoverAsync()).UserInfoEndpoint, Token = tokens.AccessToken });
        Assert.False(userInfo.IsError, userInfo.Error);
        Assert.Equal(user.DisplayName, userInfo.Claims.Single(c => c.Type == "name").Value);
    }

    [Fact]
    public async Task A_user_with_2fa_gives_a_code_after_the_password_and_only_then_sees_the_consent_page()
    {
        var owner = await app.Given.DeveloperAsync();
        var user = await app.Given.DeveloperWithTwoFactorAsync();
        var client = await app.Given.WebClientAsync(owner);

        // The password alone ends at the code step: no consent page, no code for the client.
        var passwordOnly = new OAuthBrowserlessFlow(app, user.User);
        var stopped = await passwordOnly.RunAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, Pkce.New()));
        Assert.Equal("/account/login-2fa", stopped.AbsolutePath);
        Assert.Contains("auth%2Foauth%2Fauthorize", stopped.Query, StringComparison.OrdinalIgnoreCase);
        Assert.False(passwordOnly.SawConsentPage);

        var pkce = Pkce.New();
        var flow = new OAuthBrowserlessFlow(app, user.User) { SecondFactor = () => user.NextCode(app) };
        var callback = await flow.RunAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, pkce));

        Assert.True(flow.SawSecondFactorStep);
        Assert.True(flow.SawConsentPage);
        Assert.Equal(Given.RedirectUri, callback.GetLeftPart(UriPartial.Path));
        var tokens = await RedeemAsync(client, QueryOf(callback)["code"]!, pkce.Verifier);
        Assert.False(tokens.IsError, tokens.Error);
        var (status, body, _) = await app.CallApiAsync(tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(user.Id, body.GetProperty("account_id").GetString());
    }

    [Fact]
    public async Task Seed_003s_action_first_scopes_are_asked_for_as_written_and_granted_under_the_catalogs_names()
    {
        var owner = await app.Given.DeveloperAsync();
        var user = await app.Given.DeveloperAsync();
        var client = await app.Given.WebClientAsync(owner, scopes: ["users:read", "projects:write"]);
        var pkce = Pkce.New();
        var flow = new OAuthBrowserlessFlow(app, user);

        // Seed 003 step 2: scope=read:users write:projects, spelled action first.
        var callback = await flow.RunAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, pkce, scope: "read:users write:projects"));

        Assert.True(flow.SawConsentPage);
        var tokens = await RedeemAsync(client, QueryOf(callback)["code"]!, pkce.Verifier);
        Assert.False(tokens.IsError, tokens.Error + " " + tokens.ErrorDescription);
        var (_, claims) = OAuthTestExtensions.DecodeJwt(tokens.AccessToken!);
        var granted = claims.GetProperty("scope").GetString()!.Split(' ');
        Assert.Equal(["projects:write", "users:read"], granted.Order(StringComparer.Ordinal));

        // The same spelling at the token endpoint, and it never reaches past what the client may have.
        var machine = await app.Given.MachineClientAsync(owner, "users:read");
        var token = await app.ClientCredentialsAsync(machine.ClientId, machine.ClientSecret!, "read:users");
        Assert.False(token.IsError, token.Error + " " + token.ErrorDescription);
        var tooMuch = await app.ClientCredentialsAsync(machine.ClientId, machine.ClientSecret!, "read:users write:projects");
        Assert.Equal("invalid_scope", tooMuch.Error);
    }

    [Fact]
    public async Task The_second_time_consent_is_remembered_and_prompt_consent_asks_again()
    {
        var owner = await app.Given.DeveloperAsync();
        var user = await app.Given.DeveloperAsync();
        var client = await app.Given.WebClientAsync(owner);
        var browser = new OAuthBrowserlessFlow(app, user);
        await browser.RunAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, Pkce.New()));

        var again = new OAuthBrowserlessFlow(app, user, browser.Client);
        var callback = await again.RunAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, Pkce.New()));
        Assert.False(again.SawConsentPage);
        Assert.NotNull(QueryOf(callback)["code"]);

        var asked = new OAuthBrowserlessFlow(app, user, browser.Client);
        await asked.RunAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, Pkce.New(), prompt: "consent"));
        Assert.True(asked.SawConsentPage);
    }

    [Fact]
    public async Task Deny_sends_access_denied_to_the_client()
    {
        var owner = await app.Given.DeveloperAsync();
        var user = await app.Given.DeveloperAsync();
        var client = await app.Given.WebClientAsync(owner);

        var callback = await new OAuthBrowserlessFlow(app, user).RunAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, Pkce.New(), state: "s1"), decision: "deny");

        var query = QueryOf(callback);
        Assert.Equal("access_denied", query["error"]);
        Assert.Equal("s1", query["state"]);
        Assert.False(query.ContainsKey("code"));
    }

    [Fact]
    public async Task Prompt_none_never_shows_ui_login_required_then_consent_required_then_a_code()
    {
        var owner = await app.Given.DeveloperAsync();
        var user = await app.Given.DeveloperAsync();
        var client = await app.Given.WebClientAsync(owner);
        var browser = new OAuthBrowserlessFlow(app, user);

        var anonymous = await browser.Client.GetAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, Pkce.New(), prompt: "none"));
        Assert.Equal("login_required", QueryOf(anonymous.Headers.Location!)["error"]);

        await browser.Client.SignInAsync(user);
        var noConsent = await browser.Client.GetAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, Pkce.New(), prompt: "none"));
        Assert.Equal("consent_required", QueryOf(noConsent.Headers.Location!)["error"]);

        await browser.RunAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, Pkce.New()));
        var silent = await browser.Client.GetAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, Pkce.New(), prompt: "none"));
        Assert.Equal(Given.RedirectUri, silent.Headers.Location!.GetLeftPart(UriPartial.Path));
        Assert.NotNull(QueryOf(silent.Headers.Location!)["code"]);
    }

    [Fact]
    public async Task Prompt_login_asks_for_the_password_again()
    {
        var owner = await app.Given.DeveloperAsync();
        var user = await app.Given.DeveloperAsync();
        var client = await app.Given.WebClientAsync(owner);
        var browser = new OAuthBrowserlessFlow(app, user);
        await browser.RunAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, Pkce.New()));

        var response = await browser.Client.GetAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, Pkce.New(), prompt: "login"));

        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
        Assert.DoesNotContain("prompt%3Dlogin", response.Headers.Location!.Query);
    }

    [Fact]
    public async Task A_wrong_code_verifier_is_invalid_grant()
    {
        var owner = await app.Given.DeveloperAsync();
        var user = await app.Given.DeveloperAsync();
        var client = await app.Given.WebClientAsync(owner);
        var callback = await new OAuthBrowserlessFlow(app, user).RunAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, Pkce.New()));

        var tokens = await RedeemAsync(client, QueryOf(callback)["code"]!, Pkce.New().Verifier);

        Assert.Equal("invalid_grant", tokens.Error);
    }

    [Fact]
    public async Task Plain_pkce_is_refused_and_a_public_client_must_use_pkce()
    {
        var owner = await app.Given.DeveloperAsync();
        var user = await app.Given.DeveloperAsync();
        var web = await app.Given.WebClientAsync(owner);
        var spa = await app.Given.WebClientAsync(owner, ApplicationKind.SinglePage);
        var browser = new OAuthBrowserlessFlow(app, user);
        await browser.Client.SignInAsync(user);

        var plain = await browser.Client.GetAsync(OAuthBrowserlessFlow.AuthorizeUrl(web.ClientId, Pkce.New(), method: "plain"));
        var withoutPkce = await browser.Client.GetAsync(OAuthBrowserlessFlow.AuthorizeUrl(spa.ClientId, pkce: null));

        Assert.Equal("invalid_request", await ErrorOfAsync(plain));
        Assert.Equal("invalid_request", await ErrorOfAsync(withoutPkce));
    }

    [Fact]
    public async Task A_single_page_app_completes_the_flow_without_a_secret()
    {
        var (_, user, tokens) = await SignInAndConsentAsync(ApplicationKind.SinglePage);

        var (status, body, _) = await app.CallApiAsync(tokens.AccessToken);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(user.Id, body.GetProperty("account_id").GetString());
    }

    [Fact]
    public async Task A_replayed_code_is_refused_and_revokes_the_tokens_it_gave()
    {
        var owner = await app.Given.DeveloperAsync();
        var user = await app.Given.DeveloperAsync();
        var client = await app.Given.WebClientAsync(owner);
        var pkce = Pkce.New();
        var code = QueryOf(await new OAuthBrowserlessFlow(app, user).RunAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, pkce)))["code"]!;
        var first = await RedeemAsync(client, code, pkce.Verifier);
        Assert.Equal(HttpStatusCode.OK, (await app.CallApiAsync(first.AccessToken)).Status);

        var replay = await RedeemAsync(client, code, pkce.Verifier);

        Assert.Equal("invalid_grant", replay.Error);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CallApiAsync(first.AccessToken)).Status);
        var refresh = await app.NewClient().RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = (await app.DiscoverAsync()).TokenEndpoint,
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            RefreshToken = first.RefreshToken!,
        });
        Assert.Equal("invalid_grant", refresh.Error);
    }

    [Fact]
    public async Task Refresh_tokens_rotate_on_use_and_reusing_one_revokes_the_whole_grant()
    {
        var (client, _, tokens) = await SignInAndConsentAsync();
        var discovery = await app.DiscoverAsync();
        Task<TokenResponse> RefreshAsync(string refreshToken) => app.NewClient().RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = discovery.TokenEndpoint,
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            RefreshToken = refreshToken,
        });

        var second = await RefreshAsync(tokens.RefreshToken!);
        Assert.False(second.IsError, second.Error);
        Assert.NotEqual(tokens.RefreshToken, second.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, (await app.CallApiAsync(second.AccessToken)).Status);

        var reuse = await RefreshAsync(tokens.RefreshToken!);

        Assert.Equal("invalid_grant", reuse.Error);
        Assert.Equal("invalid_grant", (await RefreshAsync(second.RefreshToken!)).Error);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CallApiAsync(second.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CallApiAsync(tokens.AccessToken)).Status);
    }

    public static TheoryData<string> UnregisteredRedirects => new()
    {
        "https://client.example.test/other",
        "https://client.example.test/callback?extra=1",
        "https://client.example.test/callback/",
        "https://client.example.test:8443/callback",
        "https://evil@client.example.test/callback",
        "https://evil.example/callback",
        "http://client.example.test/callback",
        "https://client.example.test/callback#fragment",
    };

    [Theory]
    [MemberData(nameof(UnregisteredRedirects))]
    public async Task An_unregistered_redirect_uri_gets_an_error_page_and_never_a_redirect(string redirectUri)
    {
        var owner = await app.Given.DeveloperAsync();
        var user = await app.Given.DeveloperAsync();
        var client = await app.Given.WebClientAsync(owner);
        var browser = app.NewClient();
        await browser.SignInAsync(user);

        var response = await browser.GetAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, Pkce.New(), redirectUri: redirectUri));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("This sign-in request was refused", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_client_gets_an_error_page_and_never_a_redirect()
    {
        var response = await app.NewClient().GetAsync(OAuthBrowserlessFlow.AuthorizeUrl("np_does_not_exist", Pkce.New()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_scope_the_client_is_not_allowed_is_invalid_scope_at_the_redirect_uri()
    {
        var owner = await app.Given.DeveloperAsync();
        var user = await app.Given.DeveloperAsync();
        var client = await app.Given.WebClientAsync(owner);
        var browser = app.NewClient();
        await browser.SignInAsync(user);

        var response = await browser.GetAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, Pkce.New(), scope: "openid orders:write"));

        Assert.Equal("invalid_scope", await ErrorOfAsync(response));
    }

    [Fact]
    public async Task A_refresh_is_refused_once_the_account_is_locked()
    {
        var (client, user, tokens) = await SignInAndConsentAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(user.Id))!, app.Clock.GetUtcNow().AddDays(1));
        }

        var refresh = await app.NewClient().RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = (await app.DiscoverAsync()).TokenEndpoint,
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            RefreshToken = tokens.RefreshToken!,
        });

        Assert.Equal("invalid_grant", refresh.Error);
    }

    [Fact]
    public async Task Introspection_reports_an_active_token_with_its_scope_and_client()
    {
        var (client, user, tokens) = await SignInAndConsentAsync();

        var introspection = await app.NewClient().IntrospectTokenAsync(new TokenIntrospectionRequest
        {
            Address = (await app.DiscoverAsync()).IntrospectionEndpoint,
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            Token = tokens.AccessToken!,
        });

        Assert.False(introspection.IsError, introspection.Error);
        Assert.True(introspection.IsActive);
        Assert.Equal(user.Id, introspection.Claims.Single(c => c.Type == "sub").Value);
        Assert.True(introspection.Claims.Any(c => c.Type == "scope"), introspection.Raw);
        Assert.Contains("orders:read", introspection.Claims.Where(c => c.Type == "scope").SelectMany(c => c.Value.Split(' ')));
        Assert.Equal(client.ClientId, introspection.Claims.Single(c => c.Type == "client_id").Value);
        _ = JsonSerializer.Serialize(introspection.Json);
    }
}
