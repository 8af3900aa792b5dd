using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Notarial.Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ApiReferenceJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task A_developer_finds_an_endpoint_and_calls_it_as_the_reference_shows() => JourneyAsync(async () =>
    {
        await Page.GotoAsync("docs");
        await WaitForInteractiveAsync();
        await Link("API reference").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/docs/api$"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "API reference", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.Locator(".np-doc-operation").First).ToBeVisibleAsync();
        await SnapAsync("api-reference-light", fullPage: false);

        // Filter down to the import endpoints (the two CSV uploads and the mapper API), each with its scope and a curl
        // line; the uploads show curl's multipart form.
        await Page.GetByLabel("Filter endpoints").FillAsync("import");
        var cards = Page.Locator(".np-doc-operation");
        await Expect(cards).ToHaveCountAsync(7);
        var uploads = cards.Filter(new() { HasText = "-F file=@file.csv" });
        await Expect(uploads).ToHaveCountAsync(2);
        await Expect(uploads.First).ToContainTextAsync("bulk:write");
        await SnapAsync("api-reference-import", fullPage: false);
        await Page.GetByLabel("Filter endpoints").FillAsync("no such thing");
        await Expect(Page.GetByText("No endpoint matches")).ToBeVisibleAsync();

        // The curl line of "list orders", with a real key in place of $NOTARIAL_API_KEY, works.
        await Page.GetByLabel("Filter endpoints").FillAsync("/api/v1/orders");
        var list = Page.Locator(".np-doc-operation", new PageLocatorOptions { HasText = "Lists" }).Filter(new LocatorFilterOptions { HasText = "GET" }).First;
        var curl = await list.Locator("pre").InnerTextAsync();
        Assert.Contains("X-API-Key: $NOTARIAL_API_KEY", curl);
        var url = curl.Split('"')[1];
        var key = await App.Given.ApiKeyAsync(scopes: "orders:read", environment: "test", type: "partner");
        using var api = App.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await api.GetWithKeyAsync(url, key.Secret)).StatusCode);

        await Button("Switch to dark mode").ClickAsync();
        await SnapAsync("api-reference-dark", fullPage: false);
        await Page.SetViewportSizeAsync(390, 844);
        await Page.ReloadAsync();
        await Expect(Page.Locator(".np-doc-operation").First).ToBeVisibleAsync();
        await SnapAsync("api-reference-phone", fullPage: false);
        await Page.Locator(".np-doc-operation").Nth(2).ScrollIntoViewIfNeededAsync();
        await SnapAsync("api-reference-phone-operation", fullPage: false);
        Assert.True(await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways on a phone");
    });
}
