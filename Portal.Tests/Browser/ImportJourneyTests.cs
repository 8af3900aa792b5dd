using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Notarial.Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ImportJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static FilePayload Csv(string name, string text) => new() { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(text) };

    private async Task PickAsync(string selectLabel, string option)
    {
        await Page.GetByLabel(selectLabel, new PageGetByLabelOptions { Exact = true }).ClickAsync();
        await Page.Locator(".mud-popover-open").GetByText(option, new LocatorGetByTextOptions { Exact = true }).ClickAsync();
        await Expect(Page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
    }

    [Fact]
    public Task A_developer_makes_a_mapper_previews_a_file_with_errors_and_imports_the_fixed_one() => JourneyAsync(async () =>
    {
        var user = await App.Given.DeveloperAsync();
        await SignInAsync(user);

        await Page.GotoAsync("import");
        await Expect(Heading("Nothing previewed yet")).ToBeVisibleAsync();
        await WaitForInteractiveAsync();
        await Expect(Page.GetByTestId("mappers")).ToContainTextAsync("No mappers yet");
        await SnapAsync("import-empty-light");

        // A German export: other headers, decimal commas; one row has a bad stock.
        await Page.Locator("#import-file").SetInputFilesAsync(Csv("export.csv", "Artikel;Preis;stock\nBeglaubigung;1.234,50;7\nVollmacht;99,00;viele\n"));
        await Expect(Page.GetByTestId("chosen-file")).ToContainTextAsync("export.csv");

        await Button("New mapper").ClickAsync();
        var editor = Page.GetByTestId("mapper-editor");
        await Expect(editor.GetByTestId("mapper-column")).ToHaveCountAsync(3);
        await editor.GetByLabel("Mapper name").FillAsync("German export");
        await PickAsync("Field for header 1", "name");
        await PickAsync("Field for header 2", "price");
        await PickAsync("Decimal separator", "Comma: 1.234,50");
        await SnapAsync("import-mapper-editor-light");
        await Button("Save mapper").ClickAsync();
        await Expect(editor).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("mappers")).ToContainTextAsync("German export");

        await Button("Preview").ClickAsync();
        var preview = Page.GetByTestId("import-preview");
        await Expect(preview).ToContainTextAsync("1 of 2 row(s) have errors");
        await Expect(preview.GetByTestId("preview-row").Nth(0)).ToContainTextAsync("1234.50");
        await Expect(preview.GetByTestId("preview-row").Nth(1)).ToContainTextAsync("Must be a whole number");
        await Expect(Button("Import")).ToBeDisabledAsync();
        await SnapAsync("import-preview-errors-light");

        // The fixed file imports, through the mapper just made.
        await Page.Locator("#import-file").SetInputFilesAsync(Csv("export-fixed.csv", "Artikel;Preis;stock\nBeglaubigung;1.234,50;7\nVollmacht;99,00;3\n"));
        await Expect(Page.GetByTestId("chosen-file")).ToContainTextAsync("export-fixed.csv");
        await Button("Preview").ClickAsync();
        await Expect(preview).ToContainTextAsync("All 2 row(s) are valid");
        await Button("Import").ClickAsync();
        await Expect(Page.GetByTestId("import-result")).ToContainTextAsync("Imported 2 products (created) into the test environment");
        await SnapAsync("import-result-light");

        await Button("Switch to dark mode").ClickAsync();
        await Expect(Page.Locator(".np-shell")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("np-dark"));
        await SnapAsync("import-result-dark");

        await Page.SetViewportSizeAsync(390, 844);
        await SnapAsync("import-phone-dark", fullPage: false);
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
