using System.Net;
using Microsoft.Playwright;
using Notarial.Portal.Tests.Features.Audit;
using static Microsoft.Playwright.Assertions;

namespace Notarial.Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class UsageJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task A_developer_calls_the_api_with_a_key_and_sees_the_calls_on_the_usage_page_the_key_page_and_the_audit_log() => JourneyAsync(async () =>
    {
        var user = await App.Given.DeveloperAsync();
        var key = await App.Given.ApiKeyAsync(user, scopes: "orders:read invoices:read", name: "Usage journey key");
        using var api = App.NewClient();
        api.DefaultRequestHeaders.Add("X-Client-Version", "2.4.1");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.GetWithKeyAsync("api/v1/orders", key.Secret)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await api.GetWithKeyAsync("api/auth/test", key.Secret)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.SendWithKeyAsync(HttpMethod.Post, "api/v1/orders", key.Secret, new { customer_name = "Ada" })).StatusCode);
        await App.FlushAuditAsync();

        await SignInAsync(user);
        await Page.GotoAsync("usage");
        await WaitForInteractiveAsync();
        await Expect(Page.GetByTestId("total-requests")).ToHaveTextAsync("7");
        await Expect(Page.GetByTestId("top-endpoints")).ToContainTextAsync("GET /api/v1/orders");
        await Expect(Page.GetByTestId("top-errors")).ToContainTextAsync("insufficient_scope");
        await Expect(Page.Locator("figure[data-chart='Requests by status'] svg").First).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("client-versions")).ToContainTextAsync("2.4.1");
        await SnapAsync("usage-light");

        // Filtered to the key: the same calls.
        await Page.GetByTestId("credential-filter").ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = "Usage journey key" }).ClickAsync();
        await Expect(Page.GetByTestId("total-requests")).ToHaveTextAsync("7");

        // The key's page: last requests, its address, and the scope it never used.
        await Page.GotoAsync($"keys/{key.Id}");
        await WaitForInteractiveAsync();
        await Expect(Page.GetByTestId("last-requests")).ToContainTextAsync("GET /api/v1/orders");
        await Expect(Page.GetByTestId("last-requests")).ToContainTextAsync("insufficient_scope");
        await Expect(Page.GetByTestId("client-addresses")).ToContainTextAsync("127.0.0.1");
        await Expect(Page.GetByTestId("least-privilege")).ToContainTextAsync("invoices:read");
        await Expect(Page.GetByTestId("least-privilege")).Not.ToContainTextAsync("orders:read");
        await SnapAsync("usage-key-detail-light");

        // The audit log, filtered to refused requests, and its export.
        await Page.GotoAsync("usage/log");
        await WaitForInteractiveAsync();
        await Expect(Page.GetByTestId("audit-rows").Locator("tbody tr")).ToHaveCountAsync(7);
        await Page.GetByLabel("Status").FillAsync("4xx");
        await Button("Search").ClickAsync();
        await Expect(Page.GetByTestId("audit-rows").Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(Page.GetByTestId("audit-rows")).ToContainTextAsync("POST /api/v1/orders");
        await Expect(Page.GetByTestId("audit-rows").GetByTestId("client-version")).ToHaveTextAsync("2.4.1");
        await SnapAsync("usage-audit-log-light");
        var csv = await Context.APIRequest.GetAsync("usage/log.csv?status=2xx");
        Assert.Equal(200, csv.Status);
        var lines = (await csv.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("time,request_id,method,route,path,status,error_code", lines[0]);
        Assert.Equal(6, lines.Length - 1);

        // Dark mode and a phone.
        await Context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = "np-theme", Value = "dark", Url = App.BaseAddress.ToString() }]);
        await Page.GotoAsync("usage");
        await WaitForInteractiveAsync();
        await Expect(Page.GetByTestId("total-requests")).ToHaveTextAsync("7");
        await SnapAsync("usage-dark");
        await Page.GotoAsync($"keys/{key.Id}");
        await Expect(Page.GetByTestId("last-requests")).ToBeVisibleAsync();
        await SnapAsync("usage-key-detail-dark");
        await Page.SetViewportSizeAsync(390, 844);
        await Page.GotoAsync("usage");
        await WaitForInteractiveAsync();
        await Expect(Page.GetByTestId("total-requests")).ToHaveTextAsync("7");
        await SnapAsync("usage-phone-dark");
        await Page.GotoAsync("usage/log");
        await Expect(Page.GetByTestId("audit-rows")).ToBeVisibleAsync();
        await SnapAsync("usage-audit-log-phone-dark");
    });

    [Fact]
    public Task A_new_developer_sees_what_to_do_on_the_usage_page() => JourneyAsync(async () =>
    {
        var user = await App.Given.DeveloperAsync();
        await SignInAsync(user);
        await Page.GotoAsync("usage");
        await WaitForInteractiveAsync();
        await Expect(Heading("No requests in this range")).ToBeVisibleAsync();
        await Expect(Link("Your API keys")).ToBeVisibleAsync();
        await SnapAsync("usage-empty-light");
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
