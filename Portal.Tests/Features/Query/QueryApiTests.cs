using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Notarial.Portal.Tests.Features.Platform;

namespace Notarial.Portal.Tests.Features.Query;

[Collection(PortalCollection.Name)]
public sealed class QueryApiTests(PortalApp app)
{
    private static Task<HttpResponseMessage> QueryAsync(HttpClient api, string query, object? variables = null) =>
        api.PostAsJsonAsync("api/query", new { query, variables });

    private async Task<HttpClient> TestApiAsync(params string[] scopes)
    {
        var owner = await app.Given.DeveloperAsync();
        await app.Given.SampleDataAsync(owner);
        return await app.ApiClientInAsync("test", owner, scopes);
    }

    [Fact]
    public async Task The_seeds_shorthand_answers_with_the_root_field_at_the_top_level()
    {
        var api = await TestApiAsync("products:read");

        var response = await QueryAsync(api, "products {\nid,\nname,\nprice,\nstock\n}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(["products"], body.EnumerateObject().Select(p => p.Name));
        var products = body.GetProperty("products").EnumerateArray().ToList();
        Assert.Equal(6, products.Count);
        Assert.All(products, p => Assert.Equal(["id", "name", "price", "stock"], p.EnumerateObject().Select(f => f.Name)));
        Assert.Contains(products, p => p.GetProperty("name").GetString() == "Power of attorney" && p.GetProperty("price").GetDecimal() == 145m);
    }

    [Fact]
    public async Task A_full_graphql_document_with_variables_filters_and_orders_in_the_database()
    {
        var api = await TestApiAsync("read");

        var response = await QueryAsync(api, "query Cheap($max: Int) { products(first: $max, order_by: \"price\", in_stock: true) { name price } orders(status: \"confirmed\") { number status } }",
            new { max = 2 });

        var body = await response.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Signature legalisation", "Power of attorney"], body.GetProperty("products").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.All(body.GetProperty("orders").EnumerateArray(), o => Assert.Equal("confirmed", o.GetProperty("status").GetString()));
        Assert.Equal(2, body.GetProperty("orders").GetArrayLength());
    }

    [Fact]
    public async Task Pages_follow_the_next_cursor_to_the_end()
    {
        var api = await TestApiAsync("products:read");
        var names = new List<string>();
        string? after = null;
        do
        {
            var body = await (await QueryAsync(api, "query($after: String) { products_page(first: 4, after: $after, order_by: \"-price\") { items { name } has_more next_cursor } }",
                new { after })).JsonAsync();
            var page = body.GetProperty("products_page");
            names.AddRange(page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("name").GetString()!));
            after = page.GetProperty("has_more").GetBoolean() ? page.GetProperty("next_cursor").GetString() : null;
        }
        while (after is not null);

        Assert.Equal(6, names.Count);
        Assert.Equal("Company incorporation", names[0]);
    }

    public static TheoryData<string, string, HttpStatusCode> ScopeMatrix => new()
    {
        { "products:read", "products { id }", HttpStatusCode.OK },
        { "read", "products { id }", HttpStatusCode.OK },
        { "admin", "products { id }", HttpStatusCode.OK },
        { "orders:read", "products { id }", HttpStatusCode.Forbidden },
        { "products:write", "products { id }", HttpStatusCode.Forbidden },
        { "orders:read", "orders { id }", HttpStatusCode.OK },
        { "products:read", "orders { id }", HttpStatusCode.Forbidden },
        { "invoices:read", "invoices { id }", HttpStatusCode.OK },
        { "orders:read", "invoices { id }", HttpStatusCode.Forbidden },
        { "appointments:read", "appointments { id }", HttpStatusCode.OK },
        { "invoices:read", "appointments_page { items { id } }", HttpStatusCode.Forbidden },
        { "products:read", "products { id } orders { id }", HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(ScopeMatrix))]
    public async Task Each_root_field_needs_its_own_scope(string scope, string query, HttpStatusCode expected)
    {
        var api = await app.ApiClientAsync(await app.Given.DeveloperAsync(), scope);

        var response = await QueryAsync(api, query);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Equal("insufficient_scope", (await response.JsonAsync()).ErrorCode());
        }
    }

    [Fact]
    public async Task Another_account_and_the_other_environment_are_never_in_the_answer()
    {
        var alice = await app.Given.DeveloperAsync();
        var aliceLive = await app.ApiClientAsync(alice, "products:read", "products:write");
        await aliceLive.CreateProductAsync("Alice live only", 1m);
        await app.Given.SampleDataAsync(alice);
        var bob = await app.ApiClientAsync(await app.Given.DeveloperAsync(), "read");
        var aliceTest = await app.ApiClientInAsync("test", alice, "read");

        var bobs = await (await QueryAsync(bob, "products { id } orders { id } invoices { id } appointments { id }")).JsonAsync();
        var tests = await (await QueryAsync(aliceTest, "products(first: 1000) { name environment }")).JsonAsync();

        Assert.All(bobs.EnumerateObject(), field => Assert.Equal(0, field.Value.GetArrayLength()));
        Assert.All(tests.GetProperty("products").EnumerateArray(), p => Assert.Equal("test", p.GetProperty("environment").GetString()));
        Assert.DoesNotContain(tests.GetProperty("products").EnumerateArray(), p => p.GetProperty("name").GetString() == "Alice live only");
    }

    [Fact]
    public async Task A_typo_is_refused_with_its_line_column_and_a_suggestion()
    {
        var api = await app.ApiClientAsync(await app.Given.DeveloperAsync(), "products:read");

        var response = await QueryAsync(api, "products {\n  id,\n  nam\n}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal("validation_failed", error.GetProperty("code").GetString());
        var problem = error.GetProperty("problems")[0];
        Assert.Contains("Did you mean", problem.GetProperty("message").GetString());
        Assert.Contains("name", problem.GetProperty("message").GetString());
        Assert.Equal(3, problem.GetProperty("line").GetInt32());
        Assert.Equal(3, problem.GetProperty("column").GetInt32());
    }

    public static TheoryData<string, HttpStatusCode> BadBodies => new()
    {
        { "{not json", HttpStatusCode.BadRequest },
        { "[]", HttpStatusCode.BadRequest },
        { """{"query": 42}""", HttpStatusCode.UnprocessableEntity },
        { """{"query": ""}""", HttpStatusCode.UnprocessableEntity },
        { """{"query": "products { id }", "variables": "x"}""", HttpStatusCode.UnprocessableEntity },
        { """{"query": "products { id"}""", HttpStatusCode.UnprocessableEntity },
        { """{"query": "products(first: \"many\") { id }"}""", HttpStatusCode.UnprocessableEntity },
        { """{"query": "products(first: 1001) { id }"}""", HttpStatusCode.UnprocessableEntity },
        { """{"query": "products(first: 0) { id }"}""", HttpStatusCode.UnprocessableEntity },
        { """{"query": "products(after: \"garbage!\") { id }"}""", HttpStatusCode.UnprocessableEntity },
        { """{"query": "products(order_by: \"name\") { id }"}""", HttpStatusCode.UnprocessableEntity },
        { """{"query": "mutation { products { id } }"}""", HttpStatusCode.UnprocessableEntity },
        { """{"query": "query($n: Int) { products(first: $n) { id } }", "variables": {"n": "x"}}""", HttpStatusCode.UnprocessableEntity },
        { """{"query": "{ __schema { types { fields { type { ofType { name } } } } } }"}""", HttpStatusCode.UnprocessableEntity },
        { """{"query": "query A { products { id } } query B { products { id } }"}""", HttpStatusCode.UnprocessableEntity },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_queries_get_a_clear_4xx_in_the_envelope(string json, HttpStatusCode expected)
    {
        var api = await app.ApiClientAsync(await app.Given.DeveloperAsync(), "products:read");

        var response = await api.PostAsync("api/query", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(expected, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("request_id").GetString()));
    }

    [Fact]
    public async Task A_query_over_10_kb_and_an_expensive_query_are_refused_before_running()
    {
        var api = await app.ApiClientAsync(await app.Given.DeveloperAsync(), "read");
        var fields = "id name sku description price currency stock environment created_at updated_at";
        var expensive = string.Concat(Enumerable.Range(0, 4).Select(i => $"p{i}: products(first: 1000) {{ {fields} }} "));

        var huge = await QueryAsync(api, "products { id " + new string(' ', 10 * 1024) + "}");
        var tooComplex = await QueryAsync(api, "{ " + expensive + "}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, huge.StatusCode);
        Assert.Contains("query", (await huge.ErrorAsync()).GetProperty("fields")[0].GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooComplex.StatusCode);
        Assert.Contains("complexity", (await tooComplex.ErrorAsync()).GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_a_credential_the_query_api_answers_401()
    {
        var response = await app.NewClient().PostAsJsonAsync("api/query", new { query = "products { id }" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(JsonValueKind.Object, (await response.JsonAsync()).GetProperty("error").ValueKind);
    }
}
