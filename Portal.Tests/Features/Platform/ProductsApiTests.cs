using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Notarial.Portal.Tests.Features.Platform;

[Collection(PortalCollection.Name)]
public sealed class ProductsApiTests(PortalApp app)
{
    [Fact]
    public async Task Products_can_be_created_read_listed_changed_and_deleted()
    {
        var owner = await app.Given.DeveloperAsync();
        var api = await app.ApiClientAsync(owner, "products:read", "products:write", "delete");

        var created = await api.CreateProductAsync("Apostille", 35.50m, stock: 4, sku: "APO-1");
        var id = created.GetProperty("id").GetString()!;
        Assert.StartsWith("prd_", id);
        Assert.Equal(35.50m, created.GetProperty("price").GetDecimal());
        Assert.Equal(4, created.GetProperty("stock").GetInt32());
        Assert.Equal("live", created.GetProperty("environment").GetString());

        var patched = await api.PatchAsJsonAsync($"api/v1/products/{id}", new { stock = 0, description = "Hague convention" });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var changed = await patched.JsonAsync();
        Assert.Equal(0, changed.GetProperty("stock").GetInt32());
        Assert.Equal("Apostille", changed.GetProperty("name").GetString());

        var inStock = await (await api.GetAsync("api/v1/products?in_stock=false")).JsonAsync();
        Assert.Contains(inStock.GetProperty("data").EnumerateArray(), p => p.GetProperty("id").GetString() == id);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"api/v1/products/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"api/v1/products/{id}")).StatusCode);
    }

    [Fact]
    public async Task Listing_sorts_by_price_and_pages_with_a_cursor()
    {
        var owner = await app.Given.DeveloperAsync();
        var api = await app.ApiClientAsync(owner, "products:read", "products:write");
        foreach (var price in new[] { 30m, 10m, 50m, 20m, 40m })
        {
            await api.CreateProductAsync("P" + price, price);
        }

        var seen = new List<decimal>();
        string? cursor = null;
        do
        {
            var page = await (await api.GetAsync("api/v1/products?sort=price&limit=2" + (cursor is null ? "" : "&cursor=" + cursor))).JsonAsync();
            seen.AddRange(page.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("price").GetDecimal()));
            cursor = page.GetProperty("has_more").GetBoolean() ? page.GetProperty("next_cursor").GetString() : null;
        }
        while (cursor is not null);

        Assert.Equal([10m, 20m, 30m, 40m, 50m], seen);
    }

    public static TheoryData<string, string, string> BadProducts => new()
    {
        { """{"price":10}""", "name", "Required." },
        { """{"name":"a"}""", "price", "Required." },
        { """{"name":"a","price":-1}""", "price", "Between 0 and 1,000,000,000." },
        { """{"name":"a","price":1,"stock":-3}""", "stock", "A whole number between 0 and 1,000,000,000." },
        { """{"name":"a","price":1,"stock":2.5}""", "stock", "Must be a whole number." },
        { """{"name":"a","price":1,"stock":"many"}""", "stock", "Must be a whole number." },
        { """{"name":"a","price":1,"colour":"red"}""", "colour", "Unknown field." },
    };

    [Theory]
    [MemberData(nameof(BadProducts))]
    public async Task Invalid_products_get_422_naming_the_field(string json, string field, string message)
    {
        var owner = await app.Given.DeveloperAsync();
        var api = await app.ApiClientAsync(owner, "products:write");

        var response = await api.PostAsync("api/v1/products", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains((await response.JsonAsync()).GetProperty("error").GetProperty("fields").EnumerateArray(),
            f => f.GetProperty("field").GetString() == field && f.GetProperty("message").GetString() == message);
    }

    [Fact]
    public async Task A_sku_is_unique_per_account_and_environment()
    {
        var owner = await app.Given.DeveloperAsync();
        var api = await app.ApiClientAsync(owner, "products:write");
        await api.CreateProductAsync("One", 1m, sku: "DUP");

        var again = await api.PostAsJsonAsync("api/v1/products", new { name = "Two", price = 2m, sku = "DUP" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var other = await app.ApiClientAsync(await app.Given.DeveloperAsync(), "products:write");
        await other.CreateProductAsync("Mine", 1m, sku: "DUP");
    }

    [Fact]
    public async Task Another_accounts_product_and_the_other_environment_are_invisible()
    {
        var alice = await app.Given.DeveloperAsync();
        var aliceApi = await app.ApiClientAsync(alice, "products:read", "products:write", "delete");
        var bobApi = await app.ApiClientAsync(await app.Given.DeveloperAsync(), "products:read", "products:write", "delete");
        var aliceTest = await app.ApiClientInAsync("test", alice, "products:read");
        var id = (await aliceApi.CreateProductAsync("Alice's", 9m)).GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.NotFound, (await bobApi.GetAsync($"api/v1/products/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bobApi.PatchAsJsonAsync($"api/v1/products/{id}", new { stock = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bobApi.DeleteAsync($"api/v1/products/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await aliceTest.GetAsync($"api/v1/products/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("products:read", "GET", HttpStatusCode.OK)]
    [InlineData("read", "GET", HttpStatusCode.OK)]
    [InlineData("admin", "GET", HttpStatusCode.OK)]
    [InlineData("orders:read", "GET", HttpStatusCode.Forbidden)]
    [InlineData("products:write", "POST", HttpStatusCode.Created)]
    [InlineData("write", "POST", HttpStatusCode.Created)]
    [InlineData("products:read", "POST", HttpStatusCode.Forbidden)]
    public async Task Product_endpoints_admit_the_scopes_that_satisfy_theirs(string scope, string method, HttpStatusCode expected)
    {
        var api = await app.ApiClientAsync(await app.Given.DeveloperAsync(), scope);

        var response = method == "GET"
            ? await api.GetAsync("api/v1/products")
            : await api.PostAsJsonAsync("api/v1/products", new { name = "Deed", price = 10 });

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task The_test_environment_has_sample_products()
    {
        var owner = await app.Given.DeveloperAsync();
        await app.Given.SampleDataAsync(owner);
        var test = await app.ApiClientInAsync("test", owner, "products:read");
        var live = await app.ApiClientInAsync("live", owner, "products:read");

        Assert.Equal(6, (await (await test.GetAsync("api/v1/products")).JsonAsync()).GetProperty("data").GetArrayLength());
        Assert.Equal(0, (await (await live.GetAsync("api/v1/products")).JsonAsync()).GetProperty("data").GetArrayLength());
    }
}
