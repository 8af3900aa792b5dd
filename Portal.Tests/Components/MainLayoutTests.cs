using Bunit;
using Microsoft.AspNetCore.Components;
using Notarial.Portal.Components;
using Notarial.Portal.Components.Layout;
using Notarial.Portal.Features.Accounts;

namespace Notarial.Portal.Tests.Components;

public sealed class MainLayoutTests : IAsyncLifetime
{
    private readonly BunitContext _context = new BunitContext().WithPortalUi();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private IRenderedComponent<MainLayout> RenderLayout(bool dark = false) =>
        _context.RenderInteractive<MainLayout>(parameters => parameters
            .AddCascadingValue(new ThemePreference(dark, Saved: true))
            .Add(p => p.Body, (RenderFragment)(builder => builder.AddMarkupContent(0, "<p id=\"page-body\">The page</p>"))));

    [Fact]
    public void A_developer_sees_the_portal_navigation_the_page_and_the_account_menu_but_no_admin_link()
    {
        _context.AddAuthorization().SetAuthorized("dev@example.test").SetRoles(PortalRoles.Developer);

        var layout = RenderLayout();

        var links = layout.FindAll("nav[aria-label=Main] a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(["Dashboard", "Applications", "API Keys", "Webhooks", "Import", "Usage", "Security", "Docs"], links);
        Assert.Equal("The page", layout.Find("#page-body").TextContent);
        Assert.NotNull(layout.Find("button[aria-label='Account menu']"));
        Assert.Empty(layout.FindAll("a[href=account\\/login]"));
    }

    [Theory]
    [InlineData(PortalRoles.Support)]
    [InlineData(PortalRoles.Admin)]
    public void Support_and_admin_also_see_the_admin_link(string role)
    {
        _context.AddAuthorization().SetAuthorized("staff@example.test").SetRoles(PortalRoles.Developer, role);

        var layout = RenderLayout();

        Assert.Contains(layout.FindAll("nav[aria-label=Main] a"), a => a.TextContent.Trim() == "Admin" && a.GetAttribute("href") == "admin");
    }

    [Fact]
    public void An_anonymous_visitor_is_offered_sign_in_and_registration()
    {
        _context.AddAuthorization();

        var layout = RenderLayout();

        Assert.NotNull(layout.Find("a[href='account/login']"));
        Assert.NotNull(layout.Find("a[href='account/register']"));
        Assert.Empty(layout.FindAll("button[aria-label='Account menu']"));
    }

    [Fact]
    public void The_theme_switch_turns_dark_mode_on_and_saves_the_choice()
    {
        _context.AddAuthorization().SetAuthorized("dev@example.test");
        var layout = RenderLayout(dark: false);
        Assert.Contains("np-light", layout.Find(".np-shell").ClassList);

        layout.Find("button[aria-label='Switch to dark mode']").Click();

        Assert.Contains("np-dark", layout.Find(".np-shell").ClassList);
        Assert.NotNull(layout.Find("button[aria-label='Switch to light mode']"));
        var saved = Assert.Single(_context.JSInterop.Invocations, i => i.Identifier == "notarial.theme.set");
        Assert.Equal("dark", saved.Arguments[0]);
    }

    [Fact]
    public void A_page_rendered_with_the_dark_cookie_starts_dark()
    {
        _context.AddAuthorization();

        var layout = RenderLayout(dark: true);

        Assert.Contains("np-dark", layout.Find(".np-shell").ClassList);
    }
}
