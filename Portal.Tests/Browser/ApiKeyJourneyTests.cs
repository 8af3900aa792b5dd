using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Notarial.Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ApiKeyJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task A_developer_generates_a_key_calls_the_api_with_it_and_revokes_it() => JourneyAsync(async () =>
    {
        var user = await App.Given.DeveloperAsync();
        await SignInAsync(user);

        await Page.GotoAsync("keys");
        await Expect(Heading("No API keys yet")).ToBeVisibleAsync();
        await WaitForInteractiveAsync();
        await SnapAsync("keys-empty-light");

        // Generate a partner key for the test environment with two scopes.
        await Button("Generate key").ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByText("Generate an API key")).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Name" }).FillAsync("Journey key");
        await dialog.GetByText("Partner", new() { Exact = true }).ClickAsync();
        await Expect(dialog.GetByLabel("Manage webhooks (webhooks:manage)")).ToBeVisibleAsync();
        await dialog.GetByLabel("Read orders (orders:read)").CheckAsync();
        await dialog.GetByLabel("Manage webhooks (webhooks:manage)").CheckAsync();
        await SnapAsync("keys-generate-light");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Generate key", Exact = true }).ClickAsync();

        // The key is shown once, with a sample call.
        var shown = Page.GetByTestId("shown-secret");
        await Expect(shown).ToBeVisibleAsync();
        var key = (await shown.TextContentAsync())!.Trim();
        Assert.StartsWith("notary_test_", key);
        await Expect(Page.GetByTestId("try-sample")).ToContainTextAsync($"X-API-Key: {key}");
        await SnapAsync("keys-secret-shown");
        await Button("I have copied it").ClickAsync();
        await Expect(shown).Not.ToBeVisibleAsync();

        // The key calls the API.
        using var api = App.NewClient();
        var test = await api.GetWithKeyAsync("api/auth/test", key);
        Assert.Equal(HttpStatusCode.OK, test.StatusCode);
        var body = await test.JsonAsync();
        Assert.Equal("test", body.GetProperty("environment").GetString());
        Assert.Equal(["orders:read", "webhooks:manage"], body.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));

        // The list shows it, with its last use.
        await Page.ReloadAsync();
        await WaitForInteractiveAsync();
        var row = Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Journey key" });
        await Expect(row).ToContainTextAsync("Active");
        await Expect(row).ToContainTextAsync("from 127.0.0.1");
        await Expect(row).ToContainTextAsync(key[..16]);
        Assert.DoesNotContain(key, await Page.ContentAsync());
        await SnapAsync("keys-list-light");

        await Button("Switch to dark mode").ClickAsync();
        await Expect(Page.Locator(".np-shell")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("np-dark"));
        await SnapAsync("keys-list-dark");

        // Its page shows its settings.
        await Link("Journey key").ClickAsync();
        await Expect(Heading("Journey key")).ToBeVisibleAsync();
        await Expect(Page.GetByText("Partner key · Test environment")).ToBeVisibleAsync();
        await SnapAsync("key-detail-dark");
        await Page.GoBackAsync();
        await WaitForInteractiveAsync();

        // Revoke it in the browser: the next call fails.
        await Button("Revoke Journey key").ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Revoke “Journey key”?");
        await SnapAsync("keys-revoke-confirm-dark");
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Revoke key" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Revoked");

        var refused = await api.GetWithKeyAsync("api/auth/test", key);
        await refused.AssertErrorAsync(HttpStatusCode.Unauthorized, "revoked_api_key");
    });

    [Fact]
    public Task A_key_is_rotated_in_the_browser_and_both_keys_work_during_the_grace_period() => JourneyAsync(async () =>
    {
        var user = await App.Given.DeveloperAsync();
        var old = await App.Given.ApiKeyAsync(user, scopes: "orders:read", name: "Nightly export", expires: "10d");
        await SignInAsync(user);

        await Page.GotoAsync("keys");
        await WaitForInteractiveAsync();
        await Button("Rotate Nightly export").ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await dialog.GetByText("1 hour", new() { Exact = true }).ClickAsync();
        await SnapAsync("keys-rotate-light");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Rotate key" }).ClickAsync();

        var shown = Page.GetByTestId("shown-secret");
        await Expect(shown).ToBeVisibleAsync();
        var replacement = (await shown.TextContentAsync())!.Trim();
        await Button("I have copied it").ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Expiring after rotation" })).ToHaveCountAsync(1);
        await Expect(Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Active" })).ToHaveCountAsync(1);
        await SnapAsync("keys-list-after-rotation-light");

        using var api = App.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await api.GetWithKeyAsync("api/auth/test", old.Secret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetWithKeyAsync("api/auth/test", replacement)).StatusCode);

        // The new key's page: rename it and give it one more scope.
        await Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Active" }).GetByRole(AriaRole.Link, new() { Name = "Nightly export" }).ClickAsync();
        await Expect(Heading("Nightly export")).ToBeVisibleAsync();
        await WaitForInteractiveAsync();
        await Button("Edit").ClickAsync();
        var edit = Page.GetByRole(AriaRole.Dialog);
        await edit.GetByRole(AriaRole.Textbox, new() { Name = "Name" }).FillAsync("Nightly export v2");
        await edit.GetByLabel("Read invoices (invoices:read)").CheckAsync();
        await SnapAsync("key-edit-light");
        await edit.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(Heading("Nightly export v2")).ToBeVisibleAsync();
        await SnapAsync("key-detail-after-edit-light");
        var body = await (await api.GetWithKeyAsync("api/auth/test", replacement)).JsonAsync();
        Assert.Equal(["invoices:read", "orders:read"], body.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).Order());
    });

    [Fact]
    public Task The_key_pages_work_on_a_phone_sized_screen() => JourneyAsync(async () =>
    {
        var user = await App.Given.DeveloperAsync();
        await App.Given.ApiKeyAsync(user, scopes: "orders:read orders:write invoices:read appointments:read", name: "Warehouse scanner", expires: "7d",
            allowedIps: "203.0.113.0/24");
        await App.Given.ApiKeyAsync(user, scopes: "orders:read", name: "Old import", expires: "never");
        await Page.SetViewportSizeAsync(390, 844);
        await SignInAsync(user);

        await Page.GotoAsync("keys");
        await WaitForInteractiveAsync();
        await Expect(Page.GetByText("Warehouse scanner")).ToBeVisibleAsync();
        await SnapAsync("keys-list-phone");
        Assert.False(await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"), "the key list scrolls sideways on a phone");

        await Link("Warehouse scanner").ClickAsync();
        await Expect(Heading("Warehouse scanner")).ToBeVisibleAsync();
        await SnapAsync("key-detail-phone");
        Assert.False(await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"), "the key page scrolls sideways on a phone");

        await Page.GotoAsync("keys");
        await WaitForInteractiveAsync();
        await Button("Generate key").ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Textbox, new() { Name = "IP allowlist (optional)" }).FillAsync("10.0.0.1/8");
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Textbox, new() { Name = "Name" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("did you mean 10.0.0.0/8?");
        await SnapAsync("keys-generate-phone");
    });

    private async Task SignInAsync(TestUser user)
    {
        await Page.GotoAsync("account/login");
        await Field("Email").FillAsync(user.Email);
        await Field("Password").FillAsync(user.Password);
        await Button("Sign in").ClickAsync();
        await Expect(Heading($"Welcome, {user.DisplayName}")).ToBeVisibleAsync();
    }
}
