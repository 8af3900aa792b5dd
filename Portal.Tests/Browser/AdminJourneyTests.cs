using System.Net;
using Microsoft.Playwright;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Admin;
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
    public Task Every_admin_tab_reads_well_in_light_and_dark_and_on_a_phone() => JourneyAsync(async () =>
    {
        var developer = await App.Given.DeveloperAsync();
        await App.Given.ApiKeyAsync(developer, name: "Nightly export");
        await App.Given.MachineClientAsync(developer, "orders:read");
        var admin = await App.Given.DeveloperWithTwoFactorAsync(PortalRoles.Admin);
        await SignInWithTwoFactorAsync(admin);

        string[] tabs = ["admin", "admin/users", $"admin/users/{developer.Id}", "admin/apps", "admin/keys", "admin/grants", "admin/audit", "admin/system"];
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
                var name = $"admin-{tab.Replace("admin/", "", StringComparison.Ordinal).Replace('/', '-').Replace(developer.Id, "detail", StringComparison.Ordinal)}-{theme}{(width < 600 ? "-phone" : "")}";
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
