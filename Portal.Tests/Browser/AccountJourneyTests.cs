using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Notarial.Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class AccountJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task A_newcomer_registers_confirms_by_mail_signs_in_switches_to_dark_mode_and_signs_out() => JourneyAsync(async () =>
    {
        var email = Given.UniqueEmail("newcomer");
        const string password = "my first portal passphrase";

        // Register.
        await Page.GotoAsync("account/register");
        await Field("Your name").FillAsync("Grace Hopper");
        await Field("Email").FillAsync(email);
        await Field("Password").FillAsync(password);
        await Field("Confirm password").FillAsync(password);
        await SnapAsync("register");
        await Button("Create account").ClickAsync();
        await Expect(Heading("Check your inbox")).ToBeVisibleAsync();
        await Expect(Page.GetByText(email)).ToBeVisibleAsync();

        // Open the confirmation mail in the development mailbox and follow its link.
        await Link("Open the development mailbox").ClickAsync();
        await Page.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = email })
            .GetByRole(AriaRole.Link).ClickAsync();
        await Page.GetByRole(AriaRole.Link).Filter(new LocatorFilterOptions { HasText = "/account/confirm-email" }).ClickAsync();
        await Expect(Heading("Email confirmed")).ToBeVisibleAsync();

        // Sign in.
        await Link("Sign in").ClickAsync();
        await Field("Email").FillAsync(email);
        await Field("Password").FillAsync(password);
        await Button("Sign in").ClickAsync();
        await Expect(Heading("Welcome, Grace Hopper")).ToBeVisibleAsync();
        await WaitForInteractiveAsync();
        await SnapAsync("dashboard-light");

        // Dark mode, kept across a reload.
        await Button("Switch to dark mode").ClickAsync();
        await Expect(Page.Locator(".np-shell")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("np-dark"));
        await Expect(Button("Switch to light mode")).ToBeVisibleAsync();
        await SnapAsync("dashboard-dark");
        await Page.ReloadAsync();
        await Expect(Page.Locator("body")).ToHaveClassAsync("np-dark");
        await WaitForInteractiveAsync();
        await Expect(Button("Switch to light mode")).ToBeVisibleAsync();

        // Sign out from the account menu.
        await Button("Account menu").ClickAsync();
        await Button("Sign out").ClickAsync();
        await Expect(Heading("Build on the Notarial platform")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Toolbar).GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Sign in" })).ToBeVisibleAsync();
        Assert.DoesNotContain(await Context.CookiesAsync(), c => c.Name == "notarial.session");
    });

    [Fact]
    public Task The_portal_works_on_a_phone_sized_screen() => JourneyAsync(async () =>
    {
        var user = await App.Given.DeveloperAsync();
        await Page.SetViewportSizeAsync(390, 844);

        await Page.GotoAsync("account/login");
        await Field("Email").FillAsync(user.Email);
        await Field("Password").FillAsync(user.Password);
        await Button("Sign in").ClickAsync();
        await Expect(Heading($"Welcome, {user.DisplayName}")).ToBeVisibleAsync();
        await WaitForInteractiveAsync();

        // The drawer is closed on a narrow screen and opens from the menu button.
        var apiKeys = Page.GetByRole(AriaRole.Navigation, new PageGetByRoleOptions { Name = "Main" })
            .GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "API Keys" });
        await Page.Locator("aside.mud-drawer--closed").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await Expect(apiKeys).Not.ToBeInViewportAsync();
        await Button("Toggle navigation").ClickAsync();
        await Expect(apiKeys).ToBeInViewportAsync();
        await SnapAsync("phone-drawer");
        var overflow = await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "the page scrolls sideways on a phone");
    });

    [Fact]
    public Task The_sign_in_page_follows_the_saved_theme_and_its_switch_changes_it() => JourneyAsync(async () =>
    {
        await Context.AddCookiesAsync([new Cookie { Name = "np-theme", Value = "dark", Url = App.BaseAddress.ToString() }]);

        await Page.GotoAsync("account/login");
        await Expect(Page.Locator("body")).ToHaveClassAsync("np-dark");
        await Field("Password").FillAsync("x");
        await Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(Page.GetByText("Enter a valid email address.").Or(Page.GetByText("Enter your email address."))).ToBeVisibleAsync();
        await SnapAsync("login-dark-invalid");

        await Button("Switch to light mode").ClickAsync();
        await Expect(Page.Locator("body")).ToHaveClassAsync("np-light");
        Assert.Contains(await Context.CookiesAsync(), c => c.Name == "np-theme" && c.Value == "light");
    });
}
