using System.Net;
using System.Text.RegularExpressions;
using Duende.IdentityModel.Client;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using Notarial.Portal.Tests.Features.OAuth;
using static Microsoft.Playwright.Assertions;

namespace Notarial.Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ApplicationJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private async Task SignInAsync(TestUser user)
    {
        await Page.GotoAsync("account/login");
        await Field("Email").FillAsync(user.Email);
        await Field("Password").FillAsync(user.Password);
        await Button("Sign in").ClickAsync();
        await Expect(Page).Not.ToHaveURLAsync(new Regex("account/login"));
    }

    /// <summary>Clicks a copy button and reads the clipboard, as a person pasting the value elsewhere would.</summary>
    private async Task<string> CopyAsync(ILocator scope, string buttonName)
    {
        await Page.EvaluateAsync("() => navigator.clipboard.writeText('')");
        await scope.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = buttonName, Exact = true }).ClickAsync();
        // One read that both waits and answers: a second read could see the clipboard in another state.
        var copied = await Page.WaitForFunctionAsync("async () => { const text = await navigator.clipboard.readText(); return text.length > 0 ? text : null; }");
        return await copied.JsonValueAsync<string>();
    }

    private async Task<TokenResponse> RefreshAsync(string clientId, string secret, string refreshToken) =>
        await App.NewClient().RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = (await App.DiscoverAsync()).TokenEndpoint,
            ClientId = clientId,
            ClientSecret = secret,
            RefreshToken = refreshToken,
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
        });

    [Fact]
    public Task A_developer_registers_a_web_app_its_secret_completes_the_code_flow_and_a_rotated_secret_ends_after_the_grace() => JourneyAsync(async () =>
    {
        var developer = await App.Given.DeveloperAsync();
        await Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new BrowserContextGrantPermissionsOptions { Origin = App.BaseAddress.ToString().TrimEnd('/') });
        string? callback = null;
        await Context.RouteAsync("https://client.example.test/**", async route =>
        {
            callback = route.Request.Url;
            await route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/html", Body = "<h1>Signed in at the client</h1>" });
        });
        await SignInAsync(developer);

        // No applications yet: the empty state explains the types and leads to the form.
        await Page.GotoAsync("apps");
        await WaitForInteractiveAsync();
        await Expect(Heading("No applications yet")).ToBeVisibleAsync();
        await Expect(Page.GetByText("Machine-to-machine").First).ToBeVisibleAsync();
        await SnapAsync("apps-empty");
        await Link("Register an application").ClickAsync();

        // The form: a wrong redirect URI is refused next to its field, then corrected.
        await Expect(Heading("Register an application")).ToBeVisibleAsync();
        await WaitForInteractiveAsync();
        await Field("Name").FillAsync("Storefront");
        await Field("Redirect URI 1").FillAsync("http://client.example.test/callback");
        await Page.GetByLabel("Read orders", new PageGetByLabelOptions { Exact = true }).CheckAsync();
        await Button("Register application").ClickAsync();
        await Expect(Page.GetByText("Use https. Plain http is allowed only for localhost")).ToBeVisibleAsync();
        await SnapAsync("apps-new-invalid");
        await Field("Redirect URI 1").FillAsync(Given.RedirectUri);
        await Button("Register application").ClickAsync();

        // The secret, once, with the client id; both copied from the dialog.
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByText("you will not see this client secret again")).ToBeVisibleAsync();
        await SnapAsync("apps-secret-dialog");
        var secret = await CopyAsync(dialog, "Copy client secret");
        var clientId = await CopyAsync(dialog, "Copy Client ID");
        Assert.Matches("^[A-Za-z0-9_-]{43}$", secret);
        Assert.StartsWith("np_", clientId, StringComparison.Ordinal);
        await dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "I have copied it" }).ClickAsync();

        // The application's page: the client id, never the secret.
        await Expect(Heading("Storefront")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("client-id")).ToHaveTextAsync(clientId);
        Assert.DoesNotContain(secret, await Page.ContentAsync(), StringComparison.Ordinal);
        var detailUrl = Page.Url;
        await SnapAsync("app-detail");

        // That client signs a user in: authorization code with PKCE, the copied secret at the token endpoint.
        var pkce = Pkce.New();
        await Page.GotoAsync(OAuthBrowserlessFlow.AuthorizeUrl(clientId, pkce, scope: "openid profile offline_access orders:read", state: "s1"));
        await Button("Allow").ClickAsync();
        await Expect(Page.GetByText("Signed in at the client")).ToBeVisibleAsync();
        var tokens = await App.NewClient().RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = (await App.DiscoverAsync()).TokenEndpoint,
            ClientId = clientId,
            ClientSecret = secret,
            Code = QueryHelpers.ParseQuery(new Uri(callback!).Query)["code"].ToString(),
            RedirectUri = Given.RedirectUri,
            CodeVerifier = pkce.Verifier,
        });
        Assert.False(tokens.IsError, tokens.Error + " " + tokens.ErrorDescription);
        Assert.Equal(HttpStatusCode.OK, (await App.CallApiAsync(tokens.AccessToken)).Status);

        // Rotate with an hour of grace: the new secret is shown once; the old one keeps working for now.
        await Page.GotoAsync(detailUrl);
        await WaitForInteractiveAsync();
        await Expect(Page.GetByTestId("active-grants")).ToHaveTextAsync("1 user has connected it");
        await Button("Rotate secret").ClickAsync();
        var rotate = Page.GetByRole(AriaRole.Dialog);
        await rotate.GetByRole(AriaRole.Radio, new LocatorGetByRoleOptions { Name = "For 1 hour" }).CheckAsync();
        await SnapAsync("app-rotate-dialog");
        await rotate.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Rotate secret" }).ClickAsync();
        var shown = Page.GetByRole(AriaRole.Dialog);
        await Expect(shown.GetByText("New client secret for Storefront")).ToBeVisibleAsync();
        var newSecret = await CopyAsync(shown, "Copy client secret");
        Assert.NotEqual(secret, newSecret);
        await shown.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "I have copied it" }).ClickAsync();
        await Expect(Page.GetByTestId("previous-secret")).ToContainTextAsync("Still works until");
        await SnapAsync("app-detail-rotated");

        var withOld = await RefreshAsync(clientId, secret, tokens.RefreshToken!);
        Assert.False(withOld.IsError, "the old secret stopped before its grace ended: " + withOld.Error);

        // The hour passes: the old secret fails, the new one works.
        App.Clock.Advance(TimeSpan.FromMinutes(61));
        var expired = await RefreshAsync(clientId, secret, withOld.RefreshToken!);
        Assert.Equal("invalid_client", expired.Error);
        var withNew = await RefreshAsync(clientId, newSecret, withOld.RefreshToken!);
        Assert.False(withNew.IsError, withNew.Error);
        await Page.ReloadAsync();
        await WaitForInteractiveAsync();
        await Expect(Page.GetByTestId("previous-secret")).ToHaveCountAsync(0);

        // The list, in light and dark, wide and narrow.
        await Page.GotoAsync("apps");
        await WaitForInteractiveAsync();
        await Expect(Link("Storefront")).ToBeVisibleAsync();
        await Expect(Page.GetByText(clientId)).ToBeVisibleAsync();
        await SnapAsync("apps-list");
        await Context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = "np-theme", Value = "dark", Url = App.BaseAddress.ToString() }]);
        await Page.ReloadAsync();
        await WaitForInteractiveAsync();
        await SnapAsync("apps-list-dark");
        await Page.GotoAsync(detailUrl);
        await WaitForInteractiveAsync();
        await SnapAsync("app-detail-dark");
        await Page.SetViewportSizeAsync(390, 844);
        await Page.GotoAsync("apps");
        await WaitForInteractiveAsync();
        await SnapAsync("apps-list-narrow-dark");
        await Page.GotoAsync("apps/new");
        await WaitForInteractiveAsync();
        await SnapAsync("apps-new-narrow-dark");
    });
}
