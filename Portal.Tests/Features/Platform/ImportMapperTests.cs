using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Features.Imports;
using Notarial.Portal.Features.Platform;

namespace Notarial.Portal.Tests.Features.Platform;

[Collection(PortalCollection.Name)]
public sealed class ImportMapperTests(PortalApp app)
{
    private static MultipartFormDataContent Form(string csv, string entity, string? mapperId)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "products.csv" }, { new StringContent(entity), "entity" } };
        if (mapperId is not null)
        {
            form.Add(new StringContent(mapperId), "mapperId");
        }

        return form;
    }

    private async Task<ImportMapper> MapperAsync(TestUser owner, string entity = "products", string? dateFormat = null, string separator = ",")
    {
        var columns = entity == "products"
            ? new Dictionary<string, string> { ["Artikel"] = "name", ["Preis"] = "price", ["Bestand"] = "stock" }
            : new Dictionary<string, string> { ["Kunde"] = "customer_name", ["Leistung"] = "service", ["Betrag"] = "amount", ["Termin"] = "scheduled_for" };
        var result = await app.Services.GetRequiredService<ImportMapperService>().CreateAsync(owner.Id,
            new ImportMapperDraft("German export", entity, columns, new Dictionary<string, string> { ["currency"] = "EUR" }, dateFormat, separator));
        return Assert.IsType<PlatformResult<ImportMapper>.Ok>(result).Value;
    }

    [Fact]
    public async Task A_mapper_renames_headers_fills_defaults_and_reads_its_decimal_and_date_formats()
    {
        var owner = await app.Given.DeveloperAsync();
        var api = await app.ApiClientAsync(owner, "bulk:write", "products:read", "orders:read");
        var products = await MapperAsync(owner);
        var orders = await MapperAsync(owner, "orders", "dd.MM.yyyy");

        var imported = await api.PostAsync("api/import", Form("Artikel;Preis;Bestand;Notiz\nBeglaubigung;1.234,50;7;ignored\n", "products", products.Id));
        var ordersImported = await api.PostAsync("api/import", Form("Kunde;Leistung;Betrag;Termin\nAda;Vollmacht;99,00;23.11.2026\n", "orders", orders.Id));

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(1, (await imported.JsonAsync()).GetProperty("imported").GetInt32());
        var product = (await (await api.GetAsync("api/v1/products")).JsonAsync()).GetProperty("data")[0];
        Assert.Equal(1234.50m, product.GetProperty("price").GetDecimal());
        Assert.Equal("EUR", product.GetProperty("currency").GetString());
        Assert.Equal(HttpStatusCode.OK, ordersImported.StatusCode);
        var order = (await (await api.GetAsync("api/v1/orders")).JsonAsync()).GetProperty("data")[0];
        Assert.StartsWith("2026-11-23", order.GetProperty("scheduled_for").GetString());
    }

    [Fact]
    public async Task Without_a_mapper_headers_must_be_field_names_and_a_mixed_file_imports_nothing()
    {
        var api = await app.ApiClientAsync(await app.Given.DeveloperAsync(), "bulk:write", "products:read");

        var unknown = await api.PostAsync("api/import", Form("Artikel,Preis\nX,1\n", "products", null));
        var mixed = await api.PostAsync("api/import", Form("name,price,stock\nGood,1.00,1\nBad,lots,1\nWorse,2.00,-1\n", "products", null));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("Unknown column", (await unknown.ErrorAsync()).GetProperty("fields")[0].GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, mixed.StatusCode);
        var rows = (await mixed.ErrorAsync()).GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("row").GetInt32(), r.GetProperty("field").GetString())).ToList();
        Assert.Equal([(3, "price"), (4, "stock")], rows);
        Assert.Equal(0, (await (await api.GetAsync("api/v1/products")).JsonAsync()).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Another_accounts_mapper_and_an_unknown_one_are_404_and_a_mapper_of_another_entity_is_422()
    {
        var owner = await app.Given.DeveloperAsync();
        var api = await app.ApiClientAsync(owner, "bulk:write");
        var theirs = await MapperAsync(await app.Given.DeveloperAsync());
        var ordersMapper = await MapperAsync(owner, "orders");

        var other = await api.PostAsync("api/import", Form("Artikel;Preis\nX;1\n", "products", theirs.Id));
        var unknown = await api.PostAsync("api/import", Form("Artikel;Preis\nX;1\n", "products", "your-mapper-id"));
        var wrongEntity = await api.PostAsync("api/import", Form("Artikel;Preis\nX;1\n", "products", ordersMapper.Id));

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal("not_found", (await other.ErrorAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongEntity.StatusCode);
    }

    [Theory]
    [InlineData("", "products", "name")]
    [InlineData("M", "invoices", "entity")]
    [InlineData("M", "products", "columns")]
    [InlineData("M", "products", "date_format")]
    [InlineData("M", "products", "decimal_separator")]
    public async Task Bad_mappers_are_refused_naming_the_field(string name, string entity, string field)
    {
        var owner = await app.Given.DeveloperAsync();
        var draft = new ImportMapperDraft(name, entity,
            field == "columns" ? new Dictionary<string, string> { ["A"] = "colour" } : new Dictionary<string, string> { ["A"] = "name" },
            null, field == "date_format" ? "nonsense" : null, field == "decimal_separator" ? ";" : ".");

        var result = await app.Services.GetRequiredService<ImportMapperService>().CreateAsync(owner.Id, draft);

        Assert.Contains(Assert.IsType<PlatformResult<ImportMapper>.Invalid>(result).Problems, p => p.Field == field);
    }
}
