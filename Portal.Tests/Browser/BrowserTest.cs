using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace Notarial.Portal.Tests.Browser;

/// <summary>
/// Base of the browser tests: a fresh browser context (its own cookies) per test, and a screenshot of the page when a
/// test fails — look at it with an image viewer to see what a person would have seen.
/// </summary>
public abstract class BrowserTest(BrowserFixture fixture) : IAsyncLifetime
{
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    protected PortalApp App => fixture.App;

    protected IBrowserContext Context { get; private set; } = default!;

    protected IPage Page { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
        });
        Context.SetDefaultTimeout(15_000);
        Page = await Context.NewPageAsync();
        Page.Console += (_, message) => _console.Add($"{message.Type}: {message.Text}");
        Page.PageError += (_, error) => _console.Add($"pageerror: {error}");
    }

    private readonly List<string> _console = [];

    public async Task DisposeAsync() => await Context.DisposeAsync();

    /// <summary>Runs a journey; on failure saves a screenshot named after the test before rethrowing.</summary>
    protected async Task JourneyAsync(Func<Task> journey, [CallerMemberName] string name = "")
    {
        try
        {
            await journey();
        }
        catch
        {
            await SnapAsync(name + "-failed");
            await File.WriteAllLinesAsync(Path.Combine(ScreenshotFolder, name + "-failed.console.txt"), _console);
            throw;
        }
    }

    /// <summary>Saves a screenshot under screenshots/ in the test output folder: the full page, or what the viewport shows
    /// (for long pages, whose full-page shot is too tall to read).</summary>
    protected async Task SnapAsync(string name, bool fullPage = true)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = fullPage });
    }

    /// <summary>Waits until the Blazor circuit is connected, so clicks reach their handlers.</summary>
    protected Task WaitForInteractiveAsync() =>
        Page.Locator("#np-interactive").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    protected ILocator Button(string name) => Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = name, Exact = true });

    protected ILocator Link(string name) => Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = name, Exact = true });

    protected ILocator Field(string label) => Page.GetByLabel(label, new PageGetByLabelOptions { Exact = true });

    protected ILocator Heading(string name) => Page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = name });
}
