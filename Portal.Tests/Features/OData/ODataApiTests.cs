using System.Net;
using Notarial.Portal.Tests.Features.Platform;

namespace Notarial.Portal.Tests.Features.OData;

[Collection(PortalCollection.Name)]
public sealed class ODataApiTests(PortalApp app)
{
    private async Task<HttpClient> TestApiAsync(params string[] scopes)
    {
        var owner = await app.Given.DeveloperAsync();
        await app.Given.SampleDataAsync(owner);
        return await app.ApiClientInAsync("test", owner, scopes);
    }

    [Fact]
    public async Task The_seeds_query_selects_filters_orders_and_answers_in_value()
    {
        var api = await TestApiAsync("products:read");

        var response = await api.GetAsync("odata/products?%24select=id%2Cname%2Cprice%2Cstock&%24filter=stock+gt+0&%24top=100&%24orderby=name+asc");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var value = (await response.JsonAsync()).GetProperty("value").EnumerateArray().ToList();
        Assert.Equal(5, value.Count);
        Assert.Equal(["Company incorporation", "Power of attorney", "Prenuptial agreement", "Property deed transfer", "Signature legalisation"],
            value.Select(p => p.GetProperty("name").GetString()));
        Assert.All(value, p => Assert.Equal(["id", "name", "price", "stock"], p.EnumerateObject().Select(f => f.Name).Order()));
        Assert.Equal(145, value[1].GetProperty("price").GetDouble());
    }

    [Fact]
    public async Task Count_skip_and_next_links_page_through_a_set()
    {
        var api = await TestApiAsync("read");

        var first = await (await api.GetAsync("odata/orders?$count=true&$orderby=amount desc&$top=4&$skip=1")).JsonAsync();
        var all = await (await api.GetAsync("odata/orders?$orderby=amount desc")).JsonAsync();

        Assert.Equal(6, first.GetProperty("@odata.count").GetInt64());
        Assert.Equal(4, first.GetProperty("value").GetArrayLength());
        Assert.Equal(all.GetProperty("value")[1].GetProperty("id").GetString(), first.GetProperty("value")[0].GetProperty("id").GetString());
        Assert.False(first.TryGetProperty("@odata.nextLink", out _));
        Assert.Equal(6, all.GetProperty("value").GetArrayLength());
        Assert.Equal(2, (await (await api.GetAsync("odata/invoices?$filter=status eq 'open'")).JsonAsync()).GetProperty("value").GetArrayLength());
        Assert.Equal(5, (await (await api.GetAsync("odata/appointments?$filter=contains(location,'a')")).JsonAsync()).GetProperty("value").GetArrayLength());
    }

    [Fact]
    public async Task More_than_1000_rows_come_in_pages_with_a_next_link()
    {
        var owner = await app.Given.DeveloperAsync();
        var writer = await app.ApiClientAsync(owner, "products:read", "bulk:write");
        var csv = "name,price,stock\n" + string.Concat(Enumerable.Range(1, 1005).Select(i => $"Item {i},{i}.00,1\n"));
        using var form = new MultipartFormDataContent { { new StringContent(csv), "file", "products.csv" }, { new StringContent("products"), "entity" } };
        Assert.Equal(HttpStatusCode.OK, (await writer.PostAsync("api/import", form)).StatusCode);

        var first = await (await writer.GetAsync("odata/products?$select=id")).JsonAsync();
        var next = first.GetProperty("@odata.nextLink").GetString()!;
        var second = await (await writer.GetAsync(next)).JsonAsync();

        Assert.Equal(1000, first.GetProperty("value").GetArrayLength());
        Assert.Contains("$skip=1000", Uri.UnescapeDataString(next));
        Assert.Equal(5, second.GetProperty("value").GetArrayLength());
        Assert.False(second.TryGetProperty("@odata.nextLink", out _));
    }

    public static TheoryData<string, string, HttpStatusCode> ScopeMatrix => new()
    {
        { "products:read", "odata/products", HttpStatusCode.OK },
        { "read", "odata/products", HttpStatusCode.OK },
        { "orders:read", "odata/products", HttpStatusCode.Forbidden },
        { "orders:read", "odata/orders", HttpStatusCode.OK },
        { "products:read", "odata/orders", HttpStatusCode.Forbidden },
        { "invoices:read", "odata/invoices", HttpStatusCode.OK },
        { "orders:read", "odata/invoices", HttpStatusCode.Forbidden },
        { "appointments:read", "odata/appointments", HttpStatusCode.OK },
        { "invoices:read", "odata/appointments", HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(ScopeMatrix))]
    public async Task Each_set_needs_the_scope_of_its_rest_endpoint(string scope, string path, HttpStatusCode expected)
    {
        var api = await app.ApiClientAsync(await app.Given.DeveloperAsync(), scope);

        var response = await api.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task A_filter_never_reaches_another_account_or_environment()
    {
        var alice = await app.Given.DeveloperAsync();
        await app.Given.SampleDataAsync(alice);
        var aliceLive = await app.ApiClientAsync(alice, "products:read", "products:write");
        await aliceLive.CreateProductAsync("Live thing", 1m);
        var bob = await app.ApiClientAsync(await app.Given.DeveloperAsync(), "read");

        var bobs = await (await bob.GetAsync("odata/products?$filter=true or stock ge 0")).JsonAsync();
        var live = await (await aliceLive.GetAsync("odata/products?$filter=stock ge 0 or name ne ''")).JsonAsync();

        Assert.Equal(0, bobs.GetProperty("value").GetArrayLength());
        Assert.Equal(["Live thing"], live.GetProperty("value").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
    }

    [Theory]
    [InlineData("odata/products?$filter=stock gt")]
    [InlineData("odata/products?$filter=colour eq 'red'")]
    [InlineData("odata/products?$select=secret")]
    [InlineData("odata/products?$top=1001")]
    [InlineData("odata/products?$top=-1")]
    [InlineData("odata/products?$top=many")]
    [InlineData("odata/products?$skip=x")]
    [InlineData("odata/products?$orderby=name sideways")]
    [InlineData("odata/products?$expand=orders")]
    [InlineData("odata/products?$count=maybe")]
    [InlineData("odata/products?$filter=name eq 1")]
    [InlineData("odata/products?$apply=aggregate(price with sum as total)")]
    public async Task Bad_query_options_are_400s_with_a_clear_message(string path)
    {
        var api = await app.ApiClientAsync(await app.Given.DeveloperAsync(), "products:read");

        var response = await api.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.StartsWith("The OData query is not valid", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_hostile_filter_is_refused_before_it_reaches_the_database()
    {
        var api = await app.ApiClientAsync(await app.Given.DeveloperAsync(), "products:read");
        var many = string.Join(" or ", Enumerable.Range(0, 40).Select(i => $"stock eq {i}"));
        var long_ = "name eq '" + new string('x', 5000) + "'";

        var tooManyNodes = await api.GetAsync("odata/products?$filter=" + Uri.EscapeDataString(many));
        var tooLong = await api.GetAsync("odata/products?$filter=" + Uri.EscapeDataString(long_));

        Assert.Equal(HttpStatusCode.BadRequest, tooManyNodes.StatusCode);
        Assert.Contains("node count", (await tooManyNodes.ErrorAsync()).GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }
}
