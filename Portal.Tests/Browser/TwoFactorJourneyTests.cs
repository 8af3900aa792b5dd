using Microsoft.Playwright;
using Notarial.Portal.Features.Accounts;
using static Microsoft.Playwright.Assertions;

namespace Notarial.Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class TwoFactorJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private async Task SignInWithPasswordAsync(TestUser user)
    {
        await Page.GotoAsync("account/login");
        await Field("Email").FillAsync(user.Email);
        await Field("Password").FillAsync(user.Password);
        await Button("Sign in").ClickAsync();
    }

    /// <summary>The code the user's app shows after the server clock moved to the next step (codes work once per step).</summary>
    private string NextCode(string key)
    {
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        return TwoFactorTestUser.CodeAt(key, App.Clock.GetUtcNow());
    }

    private async Task SignOutFromTheDashboardAsync()
    {
        await WaitForInteractiveAsync();
        await Button("Account menu").ClickAsync();
        await Button("Sign out").ClickAsync();
        await Expect(Heading("Build on the Notarial platform")).ToBeVisibleAsync();
    }

    private async Task AssertNoSidewaysScrollAsync(string page)
    {
        var overflow = await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, $"{page} scrolls sideways");
    }

    [Fact]
    public Task A_developer_turns_on_2fa_then_signs_in_with_a_code_and_with_a_recovery_code_that_works_only_once() => JourneyAsync(async () =>
    {
        var user = await App.Given.DeveloperAsync();
        await SignInWithPasswordAsync(user);
        await Expect(Heading($"Welcome, {user.DisplayName}")).ToBeVisibleAsync();

        // From the security page to the set-up.
        await Page.GotoAsync("security");
        await WaitForInteractiveAsync();
        await Expect(Page.GetByTestId("two-factor-status")).ToHaveTextAsync("Off");
        await SnapAsync("security-2fa-off-light");
        await Link("Set up two-factor").ClickAsync();
        await Expect(Heading("Two-factor authentication")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Img, new PageGetByRoleOptions { Name = $"QR code to add Notarial ({user.Email}) to an authenticator app" })).ToBeVisibleAsync();
        await SnapAsync("2fa-enrol-light");

        // Type the key into "the app" (computed here) and confirm with its current code.
        var key = (await Page.GetByTestId("authenticator-key").TextContentAsync())!.Replace(" ", "", StringComparison.Ordinal);
        await Field("Code from the app").FillAsync(TwoFactorTestUser.CodeAt(key, App.Clock.GetUtcNow()));
        await Button("Turn on two-factor authentication").ClickAsync();
        await Expect(Heading("Save your recovery codes")).ToBeVisibleAsync();
        var codes = await Page.GetByTestId("recovery-codes").Locator("code").AllTextContentsAsync();
        Assert.Equal(10, codes.Count);
        await SnapAsync("2fa-recovery-codes-light");

        var download = await Page.RunAndWaitForDownloadAsync(() => Link("Download codes").ClickAsync());
        Assert.Equal("notarial-recovery-codes.txt", download.SuggestedFilename);
        var saved = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.All(codes, code => Assert.Contains(code, saved, StringComparison.Ordinal));

        await Link("I have saved my recovery codes").ClickAsync();
        await Expect(Page.GetByTestId("two-factor-state")).ToHaveTextAsync("On");
        await Expect(Page.GetByTestId("recovery-codes-left")).ToHaveTextAsync("10 of 10 left");
        await SnapAsync("2fa-status-light");
        await Button("Sign out").ClickAsync();

        // Sign in with a code from the app.
        await SignInWithPasswordAsync(user);
        await Expect(Heading("Two-factor authentication")).ToBeVisibleAsync();
        await SnapAsync("2fa-sign-in-code-light");
        await Field("Authentication code").FillAsync(NextCode(key));
        await Button("Verify").ClickAsync();
        await Expect(Heading($"Welcome, {user.DisplayName}")).ToBeVisibleAsync();
        await SignOutFromTheDashboardAsync();

        // Sign in with a recovery code.
        await SignInWithPasswordAsync(user);
        await Link("Lost your phone? Sign in with a recovery code").ClickAsync();
        await Expect(Heading("Use a recovery code")).ToBeVisibleAsync();
        await Field("Recovery code").FillAsync(codes[0]);
        await Button("Sign in").ClickAsync();
        await Expect(Heading($"Welcome, {user.DisplayName}")).ToBeVisibleAsync();
        await SignOutFromTheDashboardAsync();

        // The same recovery code again: refused.
        await SignInWithPasswordAsync(user);
        await Link("Lost your phone? Sign in with a recovery code").ClickAsync();
        await Field("Recovery code").FillAsync(codes[0]);
        await Button("Sign in").ClickAsync();
        await Expect(Page.GetByText("That recovery code is not valid or was already used.")).ToBeVisibleAsync();
        await SnapAsync("2fa-recovery-code-refused-light");
        Assert.DoesNotContain(await Context.CookiesAsync(), c => c.Name == "notarial.session");
    });

    [Fact]
    public Task An_admin_without_2fa_who_follows_the_admin_link_is_led_to_set_it_up() => JourneyAsync(async () =>
    {
        var admin = await App.Given.DeveloperAsync(extraRoles: PortalRoles.Admin);
        await SignInWithPasswordAsync(admin);
        await Expect(Heading($"Welcome, {admin.DisplayName}")).ToBeVisibleAsync();
        await WaitForInteractiveAsync();

        // Navigation inside the interactive portal, not a full page load: the router's gate sends them on.
        await Page.GetByRole(AriaRole.Navigation, new PageGetByRoleOptions { Name = "Main" }).GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Admin" }).ClickAsync();

        await Expect(Heading("Two-factor authentication")).ToBeVisibleAsync();
        await Expect(Page.GetByText("Support and admin accounts need two-factor authentication to open the admin area.")).ToBeVisibleAsync();
        Assert.EndsWith("/account/manage/two-factor?required=staff", Page.Url, StringComparison.Ordinal);
    });

    [Fact]
    public Task The_two_factor_pages_read_well_in_dark_mode_and_on_a_phone() => JourneyAsync(async () =>
    {
        await Context.AddCookiesAsync([new Cookie { Name = "np-theme", Value = "dark", Url = App.BaseAddress.ToString() }]);
        var newcomer = await App.Given.DeveloperAsync();
        var enrolled = await App.Given.DeveloperWithTwoFactorAsync();

        // The set-up page, dark, desktop and phone.
        await SignInWithPasswordAsync(newcomer);
        await Page.GotoAsync("account/manage/two-factor");
        await Expect(Page.Locator("body")).ToHaveClassAsync("np-dark");
        await SnapAsync("2fa-enrol-dark");
        await Page.SetViewportSizeAsync(390, 844);
        await SnapAsync("2fa-enrol-phone-dark");
        await AssertNoSidewaysScrollAsync("the set-up page");
        await Button("Sign out").ClickAsync();

        // The code step and the status page on a phone.
        await SignInWithPasswordAsync(enrolled.User);
        await Expect(Heading("Two-factor authentication")).ToBeVisibleAsync();
        await SnapAsync("2fa-sign-in-code-phone-dark");
        await AssertNoSidewaysScrollAsync("the code step");
        await Field("Authentication code").FillAsync(enrolled.NextCode(App));
        await Button("Verify").ClickAsync();
        await Expect(Heading($"Welcome, {enrolled.User.DisplayName}")).ToBeVisibleAsync();
        await Page.GotoAsync("account/manage/two-factor");
        await Expect(Page.GetByTestId("two-factor-state")).ToHaveTextAsync("On");
        await SnapAsync("2fa-status-phone-dark");
        await AssertNoSidewaysScrollAsync("the status page");

        // New recovery codes on a phone.
        var regenerate = Page.Locator("form", new PageLocatorOptions { Has = Button("Make new recovery codes") });
        await regenerate.GetByLabel("Code from your app, or your password").FillAsync(enrolled.User.Password);
        await Button("Make new recovery codes").ClickAsync();
        await Expect(Heading("Save your recovery codes")).ToBeVisibleAsync();
        await SnapAsync("2fa-recovery-codes-phone-dark");
        await AssertNoSidewaysScrollAsync("the recovery codes");

        // The status page, light, desktop.
        await Page.SetViewportSizeAsync(1280, 860);
        await Context.AddCookiesAsync([new Cookie { Name = "np-theme", Value = "light", Url = App.BaseAddress.ToString() }]);
        await Page.GotoAsync("account/manage/two-factor");
        await SnapAsync("2fa-status-after-regenerate-light");

        // Start moving to a new app, then change one's mind: the current app stays.
        var reset = Page.Locator("form", new PageLocatorOptions { Has = Button("Set up a new authenticator app") });
        await reset.GetByLabel("Code from your app, or your password").FillAsync(enrolled.User.Password);
        await Button("Set up a new authenticator app").ClickAsync();
        await Expect(Heading("Set up your new authenticator app")).ToBeVisibleAsync();
        await SnapAsync("2fa-new-app-light");
        await Button("Keep my current app").ClickAsync();
        await Expect(Page.GetByText("Nothing changed: your current authenticator app stays.")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("recovery-codes-left")).ToHaveTextAsync("10 of 10 left");
    });
}
