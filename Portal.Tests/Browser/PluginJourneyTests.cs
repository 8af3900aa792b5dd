using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Audit;
using Notarial.Portal.Tests.Features.OAuth;
using Notarial.Portal.Tests.Features.Plugins;
using static Microsoft.Playwright.Assertions;

namespace Notarial.Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class PluginJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly LocatorAssertionsToHaveTextOptions Slow = new() { Timeout = 20_000 };

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
    public Task An_admin_runs_seed_002s_typescript_sample_as_a_plugin_and_sees_its_status_log_and_usage() => JourneyAsync(async () =>
    {
        // Seed 002's PluginApiClient, as written: it gets a token for "read write" with the three variables and queries products.
        var folder = "seed002-" + Guid.NewGuid().ToString("N")[..6];
        var executable = await SeedSamplePlugin.InstallTypeScriptAsync(Path.Combine(App.DataDirectory, "plugins"), folder);
        var name = "Product sync " + Guid.NewGuid().ToString("N")[..6];
        var admin = await App.Given.DeveloperWithTwoFactorAsync(PortalRoles.Admin);
        await SignInWithTwoFactorAsync(admin);

        await Page.GotoAsync("admin/plugins");
        await WaitForInteractiveAsync();
        await Button("Register plugin").ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await dialog.GetByLabel("Description", new() { Exact = true }).FillAsync("Seed 002's TypeScript sample, unchanged");
        await dialog.GetByLabel("Executable", new() { Exact = true }).FillAsync(executable);
        await dialog.GetByLabel("Write access").CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Register plugin", Exact = true }).ClickAsync();
        await Expect(Page.GetByText($"“{name}” is registered and starts in a moment.")).ToBeVisibleAsync();

        var row = Page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Expect(row.GetByTestId("plugin-state")).ToHaveTextAsync("Running", Slow);
        await row.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await WaitForInteractiveAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("plugin-state")).ToHaveTextAsync("Running");
        await Expect(Page.GetByTestId("plugin-status-line")).ToContainTextAsync("since");
        await Expect(Page.GetByTestId("plugin-log")).ToContainTextAsync("Fetched products: { products: [] }", new() { Timeout = 20_000 });
        await Expect(Page.GetByTestId("plugin-placement")).ToHaveCountAsync(0);

        // Its call, by its name, in its usage: the page reads usage when it opens, so open it again once the row is written.
        await App.Services.GetRequiredService<AuditWriter>().FlushAsync();
        await Page.ReloadAsync();
        await WaitForInteractiveAsync();
        var usage = Page.GetByTestId("recent-usage");
        await Expect(usage.GetByTestId("total-requests")).ToHaveTextAsync("1", Slow);
        await Expect(usage.GetByTestId("top-endpoints")).ToContainTextAsync("POST /api/query");
        var clientId = (await Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Client id" }).Locator("code").TextContentAsync())!.Trim();
        var last = usage.GetByTestId("recent-requests");
        await Expect(last).ToContainTextAsync("POST /api/query");
        await Expect(last).ToContainTextAsync($"plugin {name} ({clientId})");
        await usage.GetByRole(AriaRole.Heading, new() { Name = "Recent usage" }).ScrollIntoViewIfNeededAsync();
        await SnapAsync("admin-plugin-seed002-usage-light", fullPage: false);
        await SnapAsync("admin-plugin-seed002-light");

        // The request log names it too.
        await usage.GetByRole(AriaRole.Link, new() { Name = "All in the request log" }).ClickAsync();
        await WaitForInteractiveAsync();
        var logged = Page.GetByTestId("request-rows").GetByRole(AriaRole.Row).Filter(new() { HasText = "/api/query" });
        await Expect(logged).ToHaveCountAsync(1);
        await Expect(logged).ToContainTextAsync($"plugin {name} ({clientId})");
        await Expect(logged).ToContainTextAsync("the platform");
        await SnapAsync("admin-request-log-plugin-light");
    });

    [Fact]
    public Task An_admin_registers_a_plugin_sees_it_run_restarts_it_with_a_new_secret_and_disables_it() => JourneyAsync(async () =>
    {
        var folder = Path.Combine(App.DataDirectory, "plugins");
        var name = "Nightly report " + Guid.NewGuid().ToString("N")[..6];
        var executable = $"report-{Guid.NewGuid():N}/probe.js";
        PluginFiles.WriteProbe(folder, executable);
        var output = Path.Combine(App.DataDirectory, Guid.NewGuid().ToString("N") + ".jsonl");
        var admin = await App.Given.DeveloperWithTwoFactorAsync(PortalRoles.Admin);
        await SignInWithTwoFactorAsync(admin);

        await Page.GotoAsync("admin/plugins");
        await WaitForInteractiveAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Plugins" })).ToHaveAttributeAsync("aria-current", "page");
        await Button("Register plugin").ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await dialog.GetByLabel("Executable", new() { Exact = true }).FillAsync("../escape.sh");
        await dialog.GetByLabel("Arguments", new() { Exact = true }).FillAsync(output);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Register plugin", Exact = true }).ClickAsync();
        await Expect(dialog.GetByText("The path must stay inside the plugins folder: “..” is not allowed.")).ToBeVisibleAsync();
        await SnapAsync("admin-plugins-register-refused-light");
        await dialog.GetByLabel("Executable", new() { Exact = true }).FillAsync(executable);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Register plugin", Exact = true }).ClickAsync();
        await Expect(Page.GetByText($"“{name}” is registered and starts in a moment.")).ToBeVisibleAsync();

        var row = Page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Expect(row.GetByTestId("plugin-state")).ToHaveTextAsync("Running", Slow);
        await SnapAsync("admin-plugins-light");
        var first = (await Until.ThatAsync(() => PluginFiles.ReadProbe(output), r => r.Count >= 1, "the first start"))[0];
        Assert.Equal(200, first.QueryStatus);

        await row.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await WaitForInteractiveAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("plugin-log")).ToContainTextAsync("got access_token=[redacted]", new() { Timeout = 20_000 });
        await Button("Restart").ClickAsync();
        await Expect(Page.GetByTestId("plugin-restarts")).ToHaveTextAsync("1", Slow);
        await Expect(Page.GetByTestId("plugin-state")).ToHaveTextAsync("Running", Slow);
        var second = (await Until.ThatAsync(() => PluginFiles.ReadProbe(output), r => r.Count >= 2, "the restart"))[1];
        Assert.NotEqual(first.Secret, second.Secret);
        Assert.Equal("invalid_client", (await App.ClientCredentialsAsync(second.Env["OAUTH_CLIENT_ID"], first.Secret, "read",
            style: Duende.IdentityModel.Client.ClientCredentialStyle.PostBody)).Error);
        await SnapAsync("admin-plugin-detail-light", fullPage: false);

        var token = await App.ClientCredentialsAsync(second.Env["OAUTH_CLIENT_ID"], second.Secret, "read");
        await Button("Disable").ClickAsync();
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Disable plugin" }).ClickAsync();
        await Expect(Page.GetByTestId("plugin-state")).ToHaveTextAsync("Disabled", Slow);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await App.CallApiAsync(token.AccessToken)).Status);

        await Context.AddCookiesAsync([new Cookie { Name = "np-theme", Value = "dark", Url = App.BaseAddress.ToString() }]);
        await Page.SetViewportSizeAsync(390, 844);
        await Page.GotoAsync("admin/plugins");
        await WaitForInteractiveAsync();
        await Expect(Page.GetByRole(AriaRole.Progressbar)).ToHaveCountAsync(0);
        await SnapAsync("admin-plugins-dark-phone");
    });
}
