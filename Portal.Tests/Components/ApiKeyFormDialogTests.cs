using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor;
using Notarial.Portal.Features.ApiKeys;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Tests.Components;

public sealed class ApiKeyFormDialogTests : IAsyncLifetime
{
    private readonly BunitContext _context = new BunitContext().WithPortalUi();

    public ApiKeyFormDialogTests()
    {
        // Everything these tests check happens before the service is called: one that would throw if it were.
        var options = Options.Create(new ApiKeyOptions());
        _context.Services.AddSingleton(options);
        _context.Services.AddSingleton(new ApiKeyService(null!, null!, null!, null!, null!, options, TimeProvider.System, NullLogger<ApiKeyService>.Instance));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync(bool isAdmin = false)
    {
        _context.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        _context.Render<MudPopoverProvider>();
        var provider = _context.Render<MudDialogProvider>();
        var dialogs = _context.Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<ApiKeyFormDialog>
        {
            { d => d.Actor, ApiKeyActor.Session("user-1", RequestOrigin.Unknown) },
            { d => d.IsAdmin, isAdmin },
        };
        await provider.InvokeAsync(() => dialogs.ShowAsync<ApiKeyFormDialog>("Generate an API key", parameters));
        return provider;
    }

    private static List<string> OfferedScopes(IRenderedComponent<MudDialogProvider> dialog) =>
        [.. dialog.FindAll("[data-scope]").Select(e => e.GetAttribute("data-scope")!)];

    private static void PickType(IRenderedComponent<MudDialogProvider> dialog, string type) =>
        dialog.Find($"input[data-type={type}]").Click();

    private static void CheckScope(IRenderedComponent<MudDialogProvider> dialog, string scope) =>
        dialog.Find($"input[data-scope='{scope}']").Change(true);

    private static bool IsChecked(IRenderedComponent<MudDialogProvider> dialog, string scope) =>
        dialog.Find($"input[data-scope='{scope}']").HasAttribute("checked");

    [Fact]
    public async Task A_client_key_offers_only_the_client_scopes()
    {
        var dialog = await OpenAsync();

        Assert.Equal(["orders:read", "orders:write", "invoices:read", "appointments:read"], OfferedScopes(dialog));
    }

    [Fact]
    public async Task Switching_the_type_switches_the_allowed_scopes_and_drops_those_the_new_type_refuses()
    {
        var dialog = await OpenAsync();

        PickType(dialog, "partner");
        var partner = OfferedScopes(dialog);
        Assert.Contains("webhooks:manage", partner);
        Assert.Contains("bulk:write", partner);
        Assert.Contains("read", partner);
        Assert.DoesNotContain("admin", partner);

        CheckScope(dialog, "orders:read");
        CheckScope(dialog, "webhooks:manage");
        Assert.True(IsChecked(dialog, "webhooks:manage"));

        PickType(dialog, "client");
        Assert.Equal(["orders:read", "orders:write", "invoices:read", "appointments:read"], OfferedScopes(dialog));
        Assert.True(IsChecked(dialog, "orders:read"));

        PickType(dialog, "partner");
        Assert.False(IsChecked(dialog, "webhooks:manage"));
    }

    [Fact]
    public async Task Only_an_admin_may_pick_internal_which_offers_admin_and_has_no_rate_limit()
    {
        var developer = await OpenAsync(isAdmin: false);
        Assert.True(developer.Find("input[data-type=internal]").HasAttribute("disabled"));
        Assert.Contains("Your account cannot create them.", developer.Markup);

        await _context.DisposeComponentsAsync();
        var admin = await OpenAsync(isAdmin: true);
        Assert.False(admin.Find("input[data-type=internal]").HasAttribute("disabled"));
        PickType(admin, "internal");
        Assert.Contains("admin", OfferedScopes(admin));
        Assert.Contains("Internal keys have no rate limit.", admin.Markup);
        Assert.Empty(admin.FindAll("input[inputmode=numeric]"));
    }

    [Theory]
    [InlineData("10.0.0.1/8", "did you mean 10.0.0.0/8?")]
    [InlineData("intranet", "“intranet” is not an IP address or CIDR range.")]
    [InlineData("192.0.2.1\n10.0.0.0/40", "the prefix length after / must be 0 to 32")]
    public async Task An_invalid_ip_allowlist_entry_is_rejected_with_a_message(string entry, string message)
    {
        var dialog = await OpenAsync();

        dialog.Find("textarea").Change(entry);

        Assert.Contains(message, dialog.Find(".mud-input-error").TextContent);
    }

    [Fact]
    public async Task A_valid_allowlist_shows_no_error()
    {
        var dialog = await OpenAsync();

        dialog.Find("textarea").Change("203.0.113.7\n2001:db8::/32");

        Assert.Empty(dialog.FindAll(".mud-input-error"));
    }

    [Fact]
    public async Task Submitting_without_a_name_or_a_scope_explains_both_before_anything_is_sent()
    {
        var dialog = await OpenAsync();

        await dialog.InvokeAsync(() => dialog.FindAll("button").Single(b => b.TextContent.Trim() == "Generate key").Click());

        var messages = dialog.FindAll(".mud-input-error").Select(e => e.TextContent.Trim()).ToList();
        Assert.Contains("Give the key a name, for example the system that will use it.", messages);
        Assert.Contains("Pick at least one scope.", messages);
    }
}
