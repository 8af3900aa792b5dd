using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Notarial.Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class WebhookJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task A_developer_registers_an_endpoint_sends_a_test_event_and_sees_it_in_the_delivery_log() => JourneyAsync(async () =>
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var user = await App.Given.DeveloperAsync();
        await SignInAsync(user);

        await Page.GotoAsync("webhooks");
        await Expect(Heading("No webhook endpoints yet")).ToBeVisibleAsync();
        await WaitForInteractiveAsync();
        await SnapAsync("webhooks-empty-light");

        // A bad URL gets a field error; then the real one.
        await Button("Add endpoint").ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Endpoint URL" }).FillAsync("https://10.0.0.7/hook");
        await dialog.GetByLabel("order.created").CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add endpoint" }).ClickAsync();
        await Expect(dialog).ToContainTextAsync("does not send to private addresses");
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Endpoint URL" }).FillAsync(receiver.Url.ToString());
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Description (optional)" }).FillAsync("Journey receiver");
        await dialog.GetByLabel("api_key.expiring").CheckAsync();
        await SnapAsync("webhooks-add-light");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add endpoint" }).ClickAsync();

        // The secret is shown once, with the verification code.
        var shown = Page.GetByTestId("shown-secret");
        await Expect(shown).ToBeVisibleAsync();
        var secret = (await shown.TextContentAsync())!.Trim();
        Assert.StartsWith("whsec_", secret);
        await Expect(Page.GetByTestId("verify-sample")).ToContainTextAsync("verifyWebhookSignature");
        await SnapAsync("webhooks-secret-shown");
        await Button("I have copied it").ClickAsync();

        // Its page; send a test event and see it delivered in the log.
        await Expect(Heading("Delivery log")).ToBeVisibleAsync();
        await WaitForInteractiveAsync();
        await Button("Send test event").ClickAsync();
        var log = Page.GetByTestId("delivery-log");
        await Expect(log).ToContainTextAsync("webhook.test");
        await Expect(log.GetByTestId("delivery-state").First).ToHaveTextAsync("Delivered");
        await Expect(log).ToContainTextAsync("200 OK");
        var delivered = Assert.Single(receiver.Received);
        Features.Webhooks.WebhookSignatures.AssertSignedWith(delivered, secret);
        Assert.DoesNotContain(secret, await Page.ContentAsync());
        await SnapAsync("webhook-detail-light");

        // The receiver fails the resend: the log says so and schedules a retry.
        receiver.Answer(new ReceiverAnswer(500, "Internal trouble"));
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Resend {System.Text.Json.JsonDocument.Parse(delivered.Body).RootElement.GetProperty("id").GetString()}" }).ClickAsync();
        await Expect(log.GetByTestId("delivery-state").First).ToHaveTextAsync("Retrying");
        await Expect(log).ToContainTextAsync("500 Internal Server Error");
        await Expect(log).ToContainTextAsync("Internal trouble");
        await SnapAsync("webhook-detail-retrying-light");

        await Button("Switch to dark mode").ClickAsync();
        await Expect(Page.Locator(".np-shell")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("np-dark"));
        await SnapAsync("webhook-detail-dark");

        await Link("Webhooks").First.ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Journey receiver" })).ToContainTextAsync("Failing");
        await SnapAsync("webhooks-list-dark");

        await Page.GotoAsync("webhooks/events");
        await Expect(Heading("Webhook events")).ToBeVisibleAsync();
        await SnapAsync("webhook-events-dark");
    });

    [Fact]
    public Task The_webhook_pages_work_on_a_phone_sized_screen() => JourneyAsync(async () =>
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var user = await App.Given.DeveloperAsync();
        var endpoint = await App.Given.WebhookEndpointAsync(receiver.Url, user, events: "order.created order.updated api_key.created");
        await App.Given.ApiKeyAsync(user, expires: "7d", name: "Expires this week");
        await App.Given.DeliverDueWebhooksAsync();
        await Page.SetViewportSizeAsync(390, 844);
        await SignInAsync(user);
        await Expect(Page.GetByTestId("expiring-list")).ToContainTextAsync("Expires this week");
        await SnapAsync("dashboard-expiring-phone");

        await Page.GotoAsync("webhooks");
        await WaitForInteractiveAsync();
        await Expect(Page.GetByTestId("endpoint-state")).ToHaveTextAsync("Enabled");
        await SnapAsync("webhooks-list-phone");
        Assert.False(await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"), "the webhooks list scrolls sideways on a phone");

        await Page.GotoAsync($"webhooks/{endpoint.Id}");
        await Expect(Heading("Delivery log")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("delivery-log")).ToContainTextAsync("api_key.created");
        await SnapAsync("webhook-detail-phone");
        Assert.False(await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"), "the endpoint page scrolls sideways on a phone");
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
