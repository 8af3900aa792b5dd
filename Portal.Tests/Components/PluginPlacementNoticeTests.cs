using Bunit;
using Notarial.Portal.Features.Plugins;

namespace Notarial.Portal.Tests.Components;

/// <summary>The plugins tab says where the plugins run when it is not the instance serving the page.</summary>
public sealed class PluginPlacementNoticeTests : IAsyncLifetime
{
    private readonly BunitContext _context = new BunitContext().WithPortalUi();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    // The text as a reader sees it: the markup's line breaks are spaces.
    private string Notice(PluginPlacementView placement) => System.Text.RegularExpressions.Regex.Replace(
        _context.Render<PluginPlacementNotice>(p => p.Add(c => c.Placement, placement)).Find("[data-testid=plugin-placement]").TextContent, @"\s+", " ");

    [Fact]
    public void Nothing_is_said_when_this_instance_runs_the_plugins()
    {
        var here = _context.Render<PluginPlacementNotice>(p => p.Add(c => c.Placement, new PluginPlacementView(true, "web-1 http://10.0.0.5:8080", "web-1 http://10.0.0.5:8080", false)));

        Assert.Empty(here.FindAll("[data-testid=plugin-placement]"));
    }

    [Fact]
    public void The_instance_running_the_plugins_is_named_when_it_is_another()
    {
        var text = Notice(new PluginPlacementView(false, "web-2 http://10.0.0.6:8080", "web-1 http://10.0.0.5:8080", false));

        Assert.Contains("Plugins run on the instance web-1 http://10.0.0.5:8080, not on this one (web-2 http://10.0.0.6:8080).", text);
        Assert.Contains("open this tab through that instance", text);
    }

    [Fact]
    public void An_instance_that_never_runs_plugins_says_why_and_one_without_a_runner_says_none_does()
    {
        Assert.Contains("Plugins:RunSupervisor is off here", Notice(new PluginPlacementView(false, "tools", null, true)));
        Assert.Contains("No instance runs the plugins at the moment", Notice(new PluginPlacementView(false, "web-2", null, false)));
    }
}
