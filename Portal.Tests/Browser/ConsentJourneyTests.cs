using System.Net;
using Duende.IdentityModel.Client;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using Notarial.Portal.Tests.Features.OAuth;
using static Microsoft.Playwright.Assertions;

namespace Notarial.Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ConsentJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task An_account_owner_signs_in_consents_the_app_gets_tokens_and_the_owner_revokes_it_in_connected_apps() => JourneyAsync(async () =>
    {
        var developer = await App.Given.DeveloperAsync();
        var owner = await App.Given.DeveloperAsync();
        var client = await App.Given.WebClientAsync(developer, scopes: ["orders:read", "invoices:read"]);
        var pkce = Pkce.New();

        // The client application's callback is not a real site: answer it in the browser and keep the URL it was sent to.
        string? callback = null;
        await Context.RouteAsync("https://client.example.test/**", async route =>
        {
            callback = route.Request.Url;
            await route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/html", Body = "<h1>Signed in at the client</h1>" });
        });

        await Page.GotoAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, pkce, scope: "openid profile offline_access orders:read invoices:read", state: "abc"));

        // Not signed in: the sign-in page first, then back to the request.
        await Expect(Heading("Sign in")).ToBeVisibleAsync();
        await Field("Email").FillAsync(owner.Email);
        await Field("Password").FillAsync(owner.Password);
        await Button("Sign in").ClickAsync();

        // The consent screen names the app, its publisher and each scope in plain words.
        await Expect(Page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { NameRegex = new System.Text.RegularExpressions.Regex("wants to access your account") })).ToBeVisibleAsync();
        await Expect(Page.GetByText($"Published by {developer.DisplayName}")).ToBeVisibleAsync();
        await Expect(Page.GetByText("Read orders")).ToBeVisibleAsync();
        await Expect(Page.GetByText("Read invoices")).ToBeVisibleAsync();
        await SnapAsync("consent");
        await Button("Allow").ClickAsync();
        await Expect(Page.GetByText("Signed in at the client")).ToBeVisibleAsync();

        var query = QueryHelpers.ParseQuery(new Uri(callback!).Query);
        Assert.Equal("abc", query["state"].ToString());
        var tokens = await App.NewClient().RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = (await App.DiscoverAsync()).TokenEndpoint,
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            Code = query["code"].ToString(),
            RedirectUri = Given.RedirectUri,
            CodeVerifier = pkce.Verifier,
        });
        Assert.False(tokens.IsError, tokens.Error);
        Assert.Equal(HttpStatusCode.OK, (await App.CallApiAsync(tokens.AccessToken)).Status);

        // The owner sees the app among their connected apps and revokes it; its token stops working at once.
        await Page.GotoAsync("account/connected-apps");
        await WaitForInteractiveAsync();
        var card = Page.GetByTestId("connected-app");
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card.GetByText("Read orders")).ToBeVisibleAsync();
        await SnapAsync("connected-apps");
        await card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { NameRegex = new System.Text.RegularExpressions.Regex("^Revoke") }).ClickAsync();
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Revoke access" }).ClickAsync();
        await Expect(Page.GetByText("No connected apps")).ToBeVisibleAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CallApiAsync(tokens.AccessToken)).Status);
    });
}
