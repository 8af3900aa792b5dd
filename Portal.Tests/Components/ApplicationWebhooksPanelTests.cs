using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Features.Webhooks;

namespace Notarial.Portal.Tests.Components;

/// <summary>The Webhooks section of an application's page, over the portal's real webhook service (the shared PortalApp).</summary>
[Collection(PortalCollection.Name)]
public sealed class ApplicationWebhooksPanelTests(PortalApp app) : IAsyncLifetime
{
    private readonly BunitContext _context = new BunitContext().WithPortalUi();
    private TestUser _owner = default!;

    public async Task InitializeAsync()
    {
        _owner = await app.Given.DeveloperAsync();
        _context.Services.AddSingleton(app.Services.GetRequiredService<WebhookService>());
        _context.Services.AddSingleton(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookOptions>>());
        _context.AddAuthorization().SetAuthorized(_owner.Email).SetClaims(new Claim(ClaimTypes.NameIdentifier, _owner.Id));
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private async Task<WebhookEndpointView> EndpointAsync(string url, string? applicationId)
    {
        var result = await app.Services.GetRequiredService<WebhookService>().CreateAsync(WebhookActor.Session(_owner.Id, RequestOrigin.Unknown),
            new WebhookDraft(url, "Receiver " + url, ["order.created"], "test", applicationId));
        return Assert.IsType<Notarial.Portal.Features.Platform.PlatformResult<CreatedWebhookEndpoint>.Ok>(result).Value.Endpoint;
    }

    [Fact]
    public async Task It_lists_only_the_endpoints_of_its_application()
    {
        var mine = await EndpointAsync("https://erp.example.test/hooks", "app-1");
        await EndpointAsync("https://other.example.test/hooks", "app-2");
        await EndpointAsync("https://account-wide.example.test/hooks", null);

        var panel = _context.RenderInteractive<ApplicationWebhooksPanel>(p => p.Add(x => x.ApplicationId, "app-1").Add(x => x.Environment, "test"));

        panel.WaitForAssertion(() => Assert.Single(panel.FindAll("[data-testid=app-webhook-endpoints] tbody tr")));
        Assert.Contains("erp.example.test", panel.Find("[data-testid=app-webhook-endpoints]").TextContent);
        Assert.Equal($"webhooks/{mine.Id}", panel.Find("[data-testid=app-webhook-endpoints] a").GetAttribute("href"));
    }

    [Fact]
    public void Without_endpoints_it_says_what_to_do()
    {
        var panel = _context.RenderInteractive<ApplicationWebhooksPanel>(p => p.Add(x => x.ApplicationId, "app-without").Add(x => x.Environment, "test"));

        panel.WaitForAssertion(() => Assert.Contains("No webhook endpoints for this application yet", panel.Markup));
        Assert.Single(panel.FindAll("button"), b => b.TextContent.Contains("Add endpoint for this app", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Adding_an_endpoint_registers_it_for_the_application_in_its_environment()
    {
        _context.Render<MudPopoverProvider>();
        var dialogs = _context.Render<MudDialogProvider>();
        var panel = _context.RenderInteractive<ApplicationWebhooksPanel>(p => p.Add(x => x.ApplicationId, "app-add").Add(x => x.Environment, "live"));
        panel.WaitForAssertion(() => Assert.Contains("No webhook endpoints", panel.Markup));

        panel.FindAll("button").First(b => b.TextContent.Contains("Add endpoint for this app", StringComparison.Ordinal)).Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Events to send", dialogs.Markup));
        Assert.DoesNotContain("Environment", dialogs.Find("[role=dialog]").TextContent);
        dialogs.FindAll("input").First(i => i.GetAttribute("type") == "url").Change("https://app-add.example.test/hooks");
        var box = dialogs.Find("[data-event='order.created']");
        (box.TagName == "INPUT" ? box : box.QuerySelector("input")!).Change(true);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Add endpoint").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("whsec_", dialogs.Markup));
        var endpoint = Assert.Single(await app.Services.GetRequiredService<WebhookService>().ListAsync(WebhookActor.Session(_owner.Id, RequestOrigin.Unknown), "app-add"));
        Assert.Equal("live", endpoint.Environment);
        Assert.Equal("https://app-add.example.test/hooks", endpoint.Url);
    }
}
