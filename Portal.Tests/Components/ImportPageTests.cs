using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Notarial.Portal.Features.Imports;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Products;

namespace Notarial.Portal.Tests.Components;

/// <summary>The /import page over the portal's real import services and database (the shared PortalApp).</summary>
[Collection(PortalCollection.Name)]
public sealed class ImportPageTests(PortalApp app) : IAsyncLifetime
{
    private readonly BunitContext _context = new BunitContext().WithPortalUi();
    private TestUser _owner = default!;

    public async Task InitializeAsync()
    {
        _owner = await app.Given.DeveloperAsync();
        _context.Services.AddSingleton(app.Services.GetRequiredService<CsvImporter>());
        _context.Services.AddSingleton(app.Services.GetRequiredService<ImportMapperService>());
        _context.AddAuthorization().SetAuthorized(_owner.Email).SetClaims(new Claim(ClaimTypes.NameIdentifier, _owner.Id));
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private IRenderedComponent<ImportPage> Render()
    {
        _context.Render<MudPopoverProvider>();
        _context.Render<MudDialogProvider>();
        var page = _context.RenderInteractive<ImportPage>();
        page.WaitForAssertion(() => Assert.Contains("Nothing previewed yet", page.Markup));
        return page;
    }

    private static void Upload(IRenderedComponent<ImportPage> page, string csv, string name = "products.csv")
    {
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(csv, name));
        page.WaitForAssertion(() => Assert.Contains(name, page.Find("[data-testid=chosen-file]").TextContent));
    }

    private async Task<IReadOnlyList<ProductResource>> TestProductsAsync()
    {
        var caller = new PlatformCaller(_owner.Id, CredentialKinds.Session, _owner.Id, null, new HashSet<string>(["products:read"]), PlatformEnvironments.Test);
        var page = await app.Services.GetRequiredService<ProductService>().ListAsync(caller, new ProductQuery(null, "Import page", "-created_at", null, 100));
        return Assert.IsType<PlatformResult<Page<ProductResource>>.Ok>(page).Value.Data;
    }

    [Fact]
    public void Without_mappers_or_a_file_it_says_what_to_do_and_cannot_preview()
    {
        var page = Render();

        Assert.Contains("No mappers yet", page.Find("[data-testid=mappers]").TextContent);
        Assert.True(page.FindAll("button").Single(b => b.TextContent.Trim() == "Preview").HasAttribute("disabled"));
        Assert.True(page.FindAll("button").Single(b => b.TextContent.Trim() == "Import").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_preview_shows_the_first_rows_with_their_problems_and_saves_nothing()
    {
        var page = Render();
        Upload(page, "name,price,stock\nImport page good,1.00,1\nImport page bad,lots,1\nImport page worse,2.00,-1\n");

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Preview").Click();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=preview-row]").Count));
        var rows = page.FindAll("[data-testid=preview-row]");
        Assert.Contains("OK", rows[0].TextContent);
        Assert.Contains("price", rows[1].TextContent);
        Assert.Contains("Must be a number", rows[1].TextContent);
        Assert.Contains("stock", rows[2].TextContent);
        Assert.Contains("2 of 3 row(s) have errors", page.Find("[data-testid=import-preview]").TextContent);
        Assert.True(page.FindAll("button").Single(b => b.TextContent.Trim() == "Import").HasAttribute("disabled"));
        Assert.Empty(await TestProductsAsync());
    }

    [Fact]
    public async Task A_valid_file_is_previewed_then_imported_into_the_test_environment_and_the_result_is_shown()
    {
        var page = Render();
        Upload(page, "name;price;stock\nImport page one;10.00;1\n\"Import page two\";12;3\n");

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Preview").Click();
        page.WaitForAssertion(() => Assert.Contains("All 2 row(s) are valid", page.Find("[data-testid=import-preview]").TextContent));
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Import").Click();

        page.WaitForAssertion(() => Assert.Contains("Imported 2 products (created) into the test environment", page.Find("[data-testid=import-result]").TextContent));
        Assert.Equal(["Import page one", "Import page two"], (await TestProductsAsync()).Select(p => p.Name).Order());
    }

    [Fact]
    public void A_file_that_cannot_be_read_gets_a_message_next_to_the_file_field()
    {
        var page = Render();
        Upload(page, "colour,size\nred,XL\n");

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Preview").Click();

        page.WaitForAssertion(() => Assert.Contains("Unknown column(s): colour, size", page.Find("[role=alert]").TextContent));
        Assert.Contains("Nothing previewed yet", page.Markup);
    }

    [Fact]
    public void New_mapper_lists_the_headers_of_the_chosen_file()
    {
        var page = Render();
        Upload(page, "Artikel;Preis;stock\nX;1;2\n");

        page.FindAll("button").Single(b => b.TextContent.Trim() == "New mapper").Click();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=mapper-column]").Count));
        var headers = page.FindAll("[data-testid=mapper-column] input").Select(i => i.GetAttribute("value")).ToList();
        Assert.Contains("Artikel", headers);
        Assert.Contains("Preis", headers);
    }
}
