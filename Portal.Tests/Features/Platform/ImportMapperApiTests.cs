using System.Net;
using System.Net.Http.Json;
using System.Text;
using Notarial.Portal.Tests.Features.Applications;

namespace Notarial.Portal.Tests.Features.Platform;

/// <summary>The mapper API beside the import: <c>/api/v1/import/mappers</c>, scope <c>bulk:write</c>, the account's own mappers only.</summary>
[Collection(PortalCollection.Name)]
public sealed class ImportMapperApiTests(PortalApp app)
{
    private static object GermanProducts(string name = "German export") => new
    {
        name,
        entity = "products",
        columns = new Dictionary<string, string> { ["Artikel"] = "name", ["Preis"] = "price", ["Bestand"] = "stock" },
        defaults = new Dictionary<string, string> { ["currency"] = "EUR" },
        decimal_separator = ",",
    };

    private static List<string> Fields(System.Text.Json.JsonElement error) =>
        [.. error.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("field").GetString()!).Distinct().Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_mapper_is_created_listed_read_changed_used_by_the_import_and_deleted()
    {
        var api = await app.ApiClientAsync(await app.Given.DeveloperAsync(), "bulk:write", "products:read");

        var created = await api.PostAsJsonAsync("api/v1/import/mappers", GermanProducts());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var mapper = await created.JsonAsync();
        var id = mapper.GetProperty("id").GetString()!;
        Assert.Equal($"/api/v1/import/mappers/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("price", mapper.GetProperty("columns").GetProperty("preis").GetString());
        Assert.Equal(",", mapper.GetProperty("decimal_separator").GetString());

        var list = await (await api.GetAsync("api/v1/import/mappers")).JsonAsync();
        Assert.Equal([id], list.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));

        var changed = await api.PatchAsJsonAsync($"api/v1/import/mappers/{id}", new { name = "Renamed", date_format = "dd.MM.yyyy" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var read = await (await api.GetAsync($"api/v1/import/mappers/{id}")).JsonAsync();
        Assert.Equal("Renamed", read.GetProperty("name").GetString());
        Assert.Equal("dd.MM.yyyy", read.GetProperty("date_format").GetString());
        Assert.Equal(3, read.GetProperty("columns").EnumerateObject().Count());

        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes("Artikel;Preis;Bestand\nBeglaubigung;1.234,50;7\n")), "file", "products.csv" },
            { new StringContent("products"), "entity" },
            { new StringContent(id), "mapperId" },
        };
        var imported = await api.PostAsync("api/v1/import", form);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(1, (await imported.JsonAsync()).GetProperty("imported").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"api/v1/import/mappers/{id}")).StatusCode);
        await (await api.GetAsync($"api/v1/import/mappers/{id}")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Another_accounts_mapper_is_not_found_for_reading_changing_or_deleting()
    {
        var theirs = await app.ApiClientAsync(await app.Given.DeveloperAsync(), "bulk:write");
        var id = (await (await theirs.PostAsJsonAsync("api/v1/import/mappers", GermanProducts())).JsonAsync()).GetProperty("id").GetString()!;
        var mine = await app.ApiClientAsync(await app.Given.DeveloperAsync(), "bulk:write");

        await (await mine.GetAsync($"api/v1/import/mappers/{id}")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await mine.PatchAsJsonAsync($"api/v1/import/mappers/{id}", new { name = "Mine now" })).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await mine.DeleteAsync($"api/v1/import/mappers/{id}")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(0, (await (await mine.GetAsync("api/v1/import/mappers")).JsonAsync()).GetProperty("data").GetArrayLength());
        Assert.Equal("German export", (await (await theirs.GetAsync($"api/v1/import/mappers/{id}")).JsonAsync()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Bad_bodies_get_field_errors_and_a_credential_without_bulk_write_gets_403()
    {
        var owner = await app.Given.DeveloperAsync();
        var api = await app.ApiClientAsync(owner, "bulk:write");

        var wrongTypes = await api.PostAsJsonAsync("api/v1/import/mappers", new { name = "M", entity = "products", columns = new { Artikel = 5 }, colour = "red" });
        var badValues = await api.PostAsJsonAsync("api/v1/import/mappers", new { name = "", entity = "invoices", decimal_separator = ";" });
        var notJson = await api.PostAsync("api/v1/import/mappers", new StringContent("name=M", Encoding.UTF8, "application/x-www-form-urlencoded"));
        var readOnly = await app.ApiClientAsync(owner, "products:read");

        Assert.Equal(["colour", "columns"], Fields(await wrongTypes.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "validation_failed")));
        Assert.Equal(["decimal_separator", "entity", "name"], Fields(await badValues.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "validation_failed")));
        await notJson.AssertErrorAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await (await readOnly.GetAsync("api/v1/import/mappers")).AssertErrorAsync(HttpStatusCode.Forbidden, "insufficient_scope");
    }

    [Fact]
    public async Task The_portal_session_manages_mappers_with_its_antiforgery_token()
    {
        var session = await app.SessionApiClientAsync(await app.Given.DeveloperAsync());

        var created = await session.PostAsJsonAsync("api/v1/import/mappers", GermanProducts("From the console"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(1, (await (await session.GetAsync("api/v1/import/mappers")).JsonAsync()).GetProperty("data").GetArrayLength());
    }
}
