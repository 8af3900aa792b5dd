using System.Net;
using Duende.IdentityModel.Client;
using Microsoft.Playwright;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Admin;
using Notarial.Portal.Tests.Features.Audit;
using Notarial.Portal.Tests.Features.OAuth;
using static Microsoft.Playwright.Assertions;

namespace Notarial.Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class AdminJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private async Task SignInWithTwoFactorAsync(TwoFactorTestUser staff)
    {
        await Page.GotoAsync("account/login");
        await Field("Email").FillAsync(staff.Email);
        await Field("Password").FillAsync(staff.User.Password);
        await Button("Sign in").ClickAsync();
        await Field("Authentication code").FillAsync(staff.NextCode(App));
        await Button("Verify").ClickAsync();
        await Expect(Heading($"Welcome, {staff.User.DisplayName}")).ToBeVisibleAsync();
    }

    [Fact]
    public Task Support_finds_a_developers_key_from_its_leaked_plaintext_and_revokes_it_and_the_next_call_fails() => JourneyAsync(async () =>
    {
        var developer = await App.Given.DeveloperAsync();
        var key = await App.Given.ApiKeyAsync(developer, name: "Checkout service");
        var api = App.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await api.GetWithKeyAsync("api/auth/test", key.Secret)).StatusCode);
        var support = await App.Given.DeveloperWithTwoFactorAsync(PortalRoles.Support);

        await SignInWithTwoFactorAsync(support);
        await Page.GotoAsync("admin/keys");
        await WaitForInteractiveAsync();
        await Field("Leaked key").FillAsync(key.Secret);
        await Button("Find key").ClickAsync();
        await Expect(Page.GetByText($"This is “Checkout service” of {developer.Email}. It still works: revoke it.")).ToBeVisibleAsync();
        await SnapAsync("admin-leaked-key-found-light");

        await Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Revoke Checkout service" }).First.ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByText($"Revoke “Checkout service” (")).ToBeVisibleAsync();
        await Expect(dialog.GetByText($"of {developer.Email}?", new LocatorGetByTextOptions { Exact = false })).ToBeVisibleAsync();
        await dialog.GetByText(AdminReason.Leaked, new LocatorGetByTextOptions { Exact = true }).ClickAsync();
        await dialog.GetByLabel("Details").FillAsync("Posted in a public forum thread");
        await SnapAsync("admin-revoke-reason-light");
        await dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Revoke key", Exact = true }).ClickAsync();

        await Expect(Page.GetByText("“Checkout service” is revoked. The owner was told by mail.")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("admin-key-state").First).ToHaveTextAsync("Revoked");
        await SnapAsync("admin-leaked-key-revoked-light");

        // The developer's next call fails, and they are told why.
        await (await api.GetWithKeyAsync("api/auth/test", key.Secret)).AssertErrorAsync(HttpStatusCode.Unauthorized, "revoked_api_key");
        var mail = App.SingleMail(developer.Email, "Your API key “Checkout service” was revoked");
        Assert.Contains("Credential leaked or exposed: Posted in a public forum thread", mail.TextBody, StringComparison.Ordinal);
    });

    [Fact]
    public Task Support_sees_platform_usage_on_the_overview_and_finds_a_developers_refused_requests_in_the_request_log() => JourneyAsync(async () =>
    {
        var developer = await App.Given.DeveloperAsync();
        var key = await App.Given.ApiKeyAsync(developer, scopes: "orders:read", name: "Reporting job");
        var api = App.NewClient();
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.GetWithKeyAsync("api/v1/orders", key.Secret)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await api.SendWithKeyAsync(HttpMethod.Post, "api/v1/orders", key.Secret, new { customer_name = "Ada" })).StatusCode);
        await App.FlushAuditAsync();
        var support = await App.Given.DeveloperWithTwoFactorAsync(PortalRoles.Support);
        await SignInWithTwoFactorAsync(support);

        await Page.GotoAsync("admin");
        await WaitForInteractiveAsync();
        var usage = Page.GetByTestId("platform-usage");
        await Expect(usage.Locator("figure[data-chart='Requests by status'] svg").First).ToBeVisibleAsync();
        await Expect(usage.Locator("figure[data-chart='Error rate'] svg").First).ToBeVisibleAsync();
        await Expect(usage.GetByTestId("top-endpoints")).ToContainTextAsync("GET /api/v1/orders");
        await Expect(usage.GetByTestId("top-accounts")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Progressbar)).ToHaveCountAsync(0);
        await SnapAsync("admin-overview-usage-full-light");
        await usage.ScrollIntoViewIfNeededAsync();
        await SnapAsync("admin-overview-usage-light", fullPage: false);

        // The audit tab's request log: the developer's requests, then only the refused one.
        await Page.GotoAsync("admin/audit");
        await WaitForInteractiveAsync();
        await Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "API requests" }).ClickAsync();
        await Expect(Heading("API requests")).ToBeVisibleAsync();
        await WaitForInteractiveAsync();
        await Field("Account").FillAsync(developer.Email);
        await Button("Apply filters").ClickAsync();
        await Expect(Page.GetByTestId("result-count")).ToHaveTextAsync("7 requests");
        await Field("Status").FillAsync("4xx");
        await Button("Apply filters").ClickAsync();
        await Expect(Page.GetByTestId("result-count")).ToHaveTextAsync("1 request");
        var rows = Page.GetByTestId("request-rows");
        await Expect(rows).ToContainTextAsync("POST /api/v1/orders");
        await Expect(rows).ToContainTextAsync("insufficient_scope");
        await Expect(rows).ToContainTextAsync(developer.Email);
        await SnapAsync("admin-audit-requests-light");

        // The export carries the same filters.
        var csv = await Context.APIRequest.GetAsync($"{AdminPaths.RequestExport}?account={Uri.EscapeDataString(developer.Email)}&status=4xx");
        Assert.Equal(200, csv.Status);
        var lines = (await csv.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("POST", Assert.Single(lines.Skip(1)), StringComparison.Ordinal);

        // The developer's page shows their recent usage.
        await Page.GotoAsync($"admin/users/{developer.Id}");
        await WaitForInteractiveAsync();
        await Expect(Page.GetByTestId("recent-usage").GetByTestId("total-requests")).ToHaveTextAsync("7");
        await Expect(Page.GetByTestId("recent-requests")).ToContainTextAsync("POST /api/v1/orders");
    });

    [Fact]
    public Task Support_opens_a_grants_tokens_and_revokes_its_refresh_token_which_then_fails() => JourneyAsync(async () =>
    {
        var owner = await App.Given.DeveloperAsync();
        var user = await App.Given.DeveloperAsync();
        var client = await App.Given.WebClientAsync(owner);
        var pkce = Pkce.New();
        var callback = await new OAuthBrowserlessFlow(App, user).RunAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, pkce));
        var tokenEndpoint = (await App.DiscoverAsync()).TokenEndpoint;
        var tokens = await App.NewClient().RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = tokenEndpoint,
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            RedirectUri = Given.RedirectUri,
            CodeVerifier = pkce.Verifier,
            Code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(callback.Query)["code"]!,
        });
        Assert.False(tokens.IsError, tokens.Error);
        var support = await App.Given.DeveloperWithTwoFactorAsync(PortalRoles.Support);
        await SignInWithTwoFactorAsync(support);

        await Page.GotoAsync($"admin/grants?user={user.Id}");
        await WaitForInteractiveAsync();
        await Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Tokens of the grant to", Exact = false }).First.ClickAsync();
        var list = Page.GetByTestId("grant-tokens");
        await Expect(list).ToContainTextAsync("Refresh token");
        await SnapAsync("admin-grant-tokens-light");

        await list.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Revoke the refresh token", Exact = false }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByText($"for {user.Email}?", new LocatorGetByTextOptions { Exact = false })).ToBeVisibleAsync();
        await dialog.GetByText(AdminReason.Compromised, new LocatorGetByTextOptions { Exact = true }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Revoke token", Exact = true }).ClickAsync();
        await Expect(Page.GetByText("is revoked.", new PageGetByTextOptions { Exact = false })).ToBeVisibleAsync();
        await Expect(list.GetByTestId("admin-token-state").Filter(new LocatorFilterOptions { HasText = "Revoked" })).ToHaveCountAsync(1);
        await SnapAsync("admin-grant-token-revoked-light");

        var refreshed = await App.NewClient().RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = tokenEndpoint,
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            RefreshToken = tokens.RefreshToken!,
        });
        Assert.Equal("invalid_grant", refreshed.Error);
    });

    [Fact]
    public Task Every_admin_tab_reads_well_in_light_and_dark_and_on_a_phone() => JourneyAsync(async () =>
    {
        var developer = await App.Given.DeveloperAsync();
        await App.Given.ApiKeyAsync(developer, name: "Nightly export");
        var machine = await App.Given.MachineClientAsync(developer, "orders:read");
        var admin = await App.Given.DeveloperWithTwoFactorAsync(PortalRoles.Admin);
        await SignInWithTwoFactorAsync(admin);

        string[] tabs = ["admin", "admin/users", $"admin/users/{developer.Id}", "admin/apps", $"admin/apps/{machine.ApplicationId}", "admin/keys", "admin/grants",
            "admin/audit", "admin/audit/requests", "admin/system"];
        foreach (var (theme, width, height) in new[] { ("light", 1280, 860), ("dark", 1280, 860), ("dark", 390, 844) })
        {
            await Context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = "np-theme", Value = theme, Url = App.BaseAddress.ToString() }]);
            await Page.SetViewportSizeAsync(width, height);
            foreach (var tab in tabs)
            {
                await Page.GotoAsync(tab);
                await WaitForInteractiveAsync();
                await Expect(Page.GetByRole(AriaRole.Navigation, new PageGetByRoleOptions { Name = "Admin sections" })).ToBeVisibleAsync();
                await Expect(Page.GetByRole(AriaRole.Progressbar)).ToHaveCountAsync(0);
                await Expect(Page.GetByText("Loading", new PageGetByTextOptions { Exact = false })).ToHaveCountAsync(0);
                var name = $"admin-{tab.Replace("admin/", "", StringComparison.Ordinal).Replace('/', '-').Replace(developer.Id, "detail", StringComparison.Ordinal).Replace(machine.ApplicationId, "detail", StringComparison.Ordinal)}-{theme}{(width < 600 ? "-phone" : "")}";
                await SnapAsync(name, fullPage: width < 600);
                if (width < 600)
                {
                    var overflow = await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
                    Assert.False(overflow, $"{tab} scrolls sideways on a phone");
                }
            }
        }
    });
}
