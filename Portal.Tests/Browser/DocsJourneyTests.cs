using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Notarial.Portal.Features.ApiKeys;
using Notarial.Portal.Tests.Samples;
using static Microsoft.Playwright.Assertions;

namespace Notarial.Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class DocsJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private async Task SignInAsync(TestUser user)
    {
        await Page.GotoAsync("account/login");
        await Field("Email").FillAsync(user.Email);
        await Field("Password").FillAsync(user.Password);
        await Button("Sign in").ClickAsync();
        await Expect(Page).Not.ToHaveURLAsync(new Regex("account/login"));
    }

    [Fact]
    public Task A_developer_copies_the_api_key_sample_with_their_own_prefix_runs_it_and_tries_the_api() => JourneyAsync(async () =>
    {
        var user = await App.Given.DeveloperAsync();
        await App.Given.SampleDataAsync(user);
        var key = await App.Given.ApiKeyAsync(user, "orders:read orders:write", type: "partner", environment: "test", name: "Docs key");
        await Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new BrowserContextGrantPermissionsOptions { Origin = App.BaseAddress.ToString().TrimEnd('/') });
        await SignInAsync(user);

        // Getting started, from the docs' front page.
        await Page.GotoAsync("docs");
        await WaitForInteractiveAsync();
        await SnapAsync("docs-index", fullPage: false);
        await Link("Your first call with an API key").ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Your first call with an API key", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("docs-personal")).ToBeVisibleAsync();
        await SnapAsync("docs-api-key", fullPage: false);

        // Copy the curl sample: it carries the developer's own key hint and base URL, never the key.
        var curl = Page.Locator(".np-code").Filter(new() { Has = Page.Locator("code.language-bash[data-run]") }).First;
        await curl.ScrollIntoViewIfNeededAsync();
        await SnapAsync("docs-api-key-sample", fullPage: false);
        await Page.EvaluateAsync("() => navigator.clipboard.writeText('')");
        await curl.GetByRole(AriaRole.Button, new() { Name = "Copy the curl sample" }).ClickAsync();
        var copied = await (await Page.WaitForFunctionAsync("async () => { const text = await navigator.clipboard.readText(); return text.length > 0 ? text : null; }")).JsonValueAsync<string>();
        Assert.Contains(ApiKeyFormat.Hint(key.Secret), copied);
        Assert.Contains(App.BaseAddress.ToString().TrimEnd('/') + "/api/auth/test", copied);
        Assert.DoesNotContain(key.Secret, copied);
        await Expect(curl.GetByRole(AriaRole.Button, new() { Name = "Copy the curl sample" })).ToHaveTextAsync("Copied");

        // Pasted into a shell that has the key in NOTARIAL_API_KEY, it works.
        using (var runner = new SampleRunner())
        {
            var run = await runner.RunSourceAsync("bash", copied, new Dictionary<string, string> { ["NOTARIAL_API_KEY"] = key.Secret });
            Assert.True(run.ExitCode == 0 && run.Output.Contains("\"valid\":true", StringComparison.Ordinal), run.ToString());
        }

        // The table of contents leads to its heading.
        await Page.Locator(".np-docs-toc").GetByRole(AriaRole.Link, new() { Name = "3. Make the call" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("docs/api-key#"));

        // Try it on the reference: a read and a change, on the developer's own session in the test environment.
        await Page.GotoAsync("docs/api");
        await WaitForInteractiveAsync();
        await FilterEndpointsAsync("auth/test");
        await Button("Try it: GET /api/auth/test").ClickAsync();
        var console = Page.GetByRole(AriaRole.Region, new() { Name = "Try GET /api/auth/test" });
        await console.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(console.GetByTestId("try-status")).ToContainTextAsync("200");
        await Expect(console.GetByTestId("try-body")).ToContainTextAsync("\"kind\": \"session\"");
        await Expect(console.GetByTestId("try-body")).ToContainTextAsync("\"environment\": \"test\"");
        await Expect(console.GetByTestId("try-headers")).ToContainTextAsync("x-ratelimit-remaining");
        await SnapAsync("docs-try-it-get", fullPage: false);

        await Page.GetByLabel("Filter endpoints").FillAsync("/api/v1/orders");
        await Button("Try it: POST /api/v1/orders").ClickAsync();
        var create = Page.GetByRole(AriaRole.Region, new() { Name = "Try POST /api/v1/orders" });
        await create.GetByLabel("Request body (JSON)").FillAsync("""{"customer_name":"Ada Lovelace","service":"Apostille","amount":35}""");
        await create.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(create.GetByTestId("try-status")).ToContainTextAsync("201");
        await Expect(create.GetByTestId("try-body")).ToContainTextAsync("Ada Lovelace");
        await create.ScrollIntoViewIfNeededAsync();
        await SnapAsync("docs-try-it-post", fullPage: false);

        // Dark mode and a phone.
        await Page.GotoAsync("docs/webhooks");
        await WaitForInteractiveAsync();
        await Button("Switch to dark mode").ClickAsync();
        await SnapAsync("docs-webhooks-dark", fullPage: false);
        await Page.SetViewportSizeAsync(390, 844);
        await Page.ReloadAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Webhooks", Level = 1 })).ToBeVisibleAsync();
        await SnapAsync("docs-webhooks-phone", fullPage: false);
        Assert.True(await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways on a phone");
    });

    [Fact]
    public Task A_visitor_searches_the_docs_and_sees_placeholders() => JourneyAsync(async () =>
    {
        await Page.GotoAsync("docs");
        await WaitForInteractiveAsync();
        await Page.GetByLabel("Search the docs").FillAsync("Retry-After");
        await Expect(Page.Locator(".np-docs-hits").GetByRole(AriaRole.Link, new() { Name = "Rate limits" })).ToBeVisibleAsync();
        await SnapAsync("docs-search", fullPage: false);
        await Page.Locator(".np-docs-hits").GetByRole(AriaRole.Link, new() { Name = "Rate limits" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Rate limits", Level = 1 })).ToBeVisibleAsync();

        await Page.GotoAsync("docs/client-credentials");
        await Expect(Page.GetByTestId("docs-placeholders")).ToBeVisibleAsync();
        await Expect(Page.Locator(".np-docs-body")).ToContainTextAsync("YOUR_CLIENT_ID");
        await SnapAsync("docs-client-credentials-signed-out", fullPage: false);

        await Page.GotoAsync("docs/api");
        await WaitForInteractiveAsync();
        await FilterEndpointsAsync("auth/test");
        await Button("Try it: GET /api/auth/test").ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Region, new() { Name = "Try GET /api/auth/test" })).ToContainTextAsync("Sign in to send this request");
    });

    /// <summary>Filters the reference and waits until the list shows the filter's result: a click on a button of the
    /// list while the debounced filter is still re-rendering it can land on the list it replaces.</summary>
    private async Task FilterEndpointsAsync(string filter)
    {
        await Page.GetByLabel("Filter endpoints").FillAsync(filter);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Orders", Level = 2 })).ToHaveCountAsync(0);
    }
}
