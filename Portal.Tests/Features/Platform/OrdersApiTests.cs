using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Notarial.Portal.Tests.Features.Platform;

[Collection(PortalCollection.Name)]
public sealed class OrdersApiTests(PortalApp app)
{
    [Fact]
    public async Task Orders_can_be_created_read_listed_changed_and_deleted()
    {
        var owner = await app.Given.DeveloperAsync();
        var api = await app.ApiClientAsync(owner, "orders:read", "orders:write", "delete");

        var created = await api.CreateOrderAsync("Grace Hopper", 250m, "Property deed transfer");
        var id = created.GetProperty("id").GetString()!;
        Assert.StartsWith("ord_", id);
        Assert.Equal("pending", created.GetProperty("status").GetString());
        Assert.Equal(250m, created.GetProperty("amount").GetDecimal());
        Assert.Equal("live", created.GetProperty("environment").GetString());
        Assert.Matches("^ORD-\\d{8}-[A-Z0-9]{5}$", created.GetProperty("number").GetString());

        var fetched = await (await api.GetAsync($"api/v1/orders/{id}")).JsonAsync();
        Assert.Equal("Grace Hopper", fetched.GetProperty("customer_name").GetString());

        var patched = await api.PatchAsJsonAsync($"api/v1/orders/{id}", new { status = "confirmed", notes = "Bring ID" });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var changed = await patched.JsonAsync();
        Assert.Equal("confirmed", changed.GetProperty("status").GetString());
        Assert.Equal("Bring ID", changed.GetProperty("notes").GetString());
        Assert.Equal("Grace Hopper", changed.GetProperty("customer_name").GetString());

        var list = await (await api.GetAsync("api/v1/orders")).JsonAsync();
        Assert.Contains(list.GetProperty("data").EnumerateArray(), o => o.GetProperty("id").GetString() == id);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"api/v1/orders/{id}")).StatusCode);
        var gone = await api.GetAsync($"api/v1/orders/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("not_found", (await gone.JsonAsync()).ErrorCode());
    }

    [Fact]
    public async Task Listing_pages_with_a_cursor_filters_by_status_and_sorts_by_amount()
    {
        var owner = await app.Given.DeveloperAsync();
        var api = await app.ApiClientAsync(owner, "orders:read", "orders:write");
        var ids = new List<string>();
        foreach (var amount in new[] { 10m, 50m, 30m, 20m, 40m })
        {
            ids.Add((await api.CreateOrderAsync(amount: amount)).GetProperty("id").GetString()!);
        }

        await api.PatchAsJsonAsync($"api/v1/orders/{ids[0]}", new { status = "cancelled" });

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await api.GetAsync("api/v1/orders?limit=2" + (cursor is null ? "" : "&cursor=" + cursor))).JsonAsync();
            seen.AddRange(page.GetProperty("data").EnumerateArray().Select(o => o.GetProperty("id").GetString()!));
            cursor = page.GetProperty("has_more").GetBoolean() ? page.GetProperty("next_cursor").GetString() : null;
        }
        while (cursor is not null);

        Assert.Equal(ids.AsEnumerable().Reverse(), seen);
        var byAmount = await (await api.GetAsync("api/v1/orders?sort=-amount")).JsonAsync();
        Assert.Equal([50m, 40m, 30m, 20m, 10m], byAmount.GetProperty("data").EnumerateArray().Select(o => o.GetProperty("amount").GetDecimal()));
        var cancelled = await (await api.GetAsync("api/v1/orders?status=cancelled")).JsonAsync();
        Assert.Equal([ids[0]], cancelled.GetProperty("data").EnumerateArray().Select(o => o.GetProperty("id").GetString()!));
    }

    public static TheoryData<string, string, string> BadOrders => new()
    {
        { """{"service":"x","amount":10}""", "customer_name", "Required." },
        { """{"customer_name":"a","service":"x","amount":-5}""", "amount", "Between 0 and 1,000,000,000." },
        { """{"customer_name":"a","service":"x","amount":1.234}""", "amount", "At most two decimals." },
        { """{"customer_name":"a","service":"x","amount":"lots"}""", "amount", "Must be a number." },
        { """{"customer_name":"a","service":"x","amount":1,"currency":"euro"}""", "currency", "A three-letter ISO 4217 code, e.g. EUR." },
        { """{"customer_name":"a","service":"x","amount":1,"customer_email":"nope"}""", "customer_email", "Not a valid email address." },
        { """{"customer_name":"a","service":"x","amount":1,"status":"shipped"}""", "status", "One of: draft, pending, confirmed, completed, cancelled." },
        { """{"customer_name":"a","service":"x","amount":1,"colour":"red"}""", "colour", "Unknown field." },
        { """{"customer_name":"<script>alert(1)</script>","service":"x","amount":1,"scheduled_for":"tomorrow"}""", "scheduled_for", "Must be an ISO 8601 date and time, e.g. 2026-11-23T10:00:00Z." },
    };

    [Theory]
    [MemberData(nameof(BadOrders))]
    public async Task Invalid_orders_get_422_validation_failed_naming_the_field(string json, string field, string message)
    {
        var owner = await app.Given.DeveloperAsync();
        var api = await app.ApiClientAsync(owner, "orders:write");

        var response = await api.PostAsync("api/v1/orders", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("validation_failed", body.ErrorCode());
        Assert.Contains(body.GetProperty("error").GetProperty("fields").EnumerateArray(),
            f => f.GetProperty("field").GetString() == field && f.GetProperty("message").GetString() == message);
    }

    [Theory]
    [InlineData("{not json", "application/json", HttpStatusCode.BadRequest, "invalid_request")]
    [InlineData("[1,2]", "application/json", HttpStatusCode.BadRequest, "invalid_request")]
    [InlineData("customer_name=a", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType, "unsupported_media_type")]
    public async Task A_body_that_is_not_a_json_object_is_refused_in_the_envelope(string body, string contentType, HttpStatusCode status, string code)
    {
        var owner = await app.Given.DeveloperAsync();
        var api = await app.ApiClientAsync(owner, "orders:write");

        var response = await api.PostAsync("api/v1/orders", new StringContent(body, Encoding.UTF8, contentType));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, (await response.JsonAsync()).ErrorCode());
    }

    [Theory]
    [InlineData("api/v1/orders?limit=0", "limit")]
    [InlineData("api/v1/orders?limit=101", "limit")]
    [InlineData("api/v1/orders?limit=ten", "limit")]
    [InlineData("api/v1/orders?sort=name", "sort")]
    [InlineData("api/v1/orders?cursor=%%%", "cursor")]
    [InlineData("api/v1/orders?created_after=yesterday", "created_after")]
    [InlineData("api/v1/orders?status=lost", "status")]
    public async Task Bad_list_parameters_are_named_in_a_422(string path, string field)
    {
        var owner = await app.Given.DeveloperAsync();
        var api = await app.ApiClientAsync(owner, "orders:read");

        var response = await api.GetAsync(path);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains((await response.JsonAsync()).GetProperty("error").GetProperty("fields").EnumerateArray(), f => f.GetProperty("field").GetString() == field);
    }

    [Fact]
    public async Task Another_accounts_order_is_not_found_for_reading_changing_or_deleting()
    {
        var alice = await app.Given.DeveloperAsync();
        var bob = await app.Given.DeveloperAsync();
        var aliceApi = await app.ApiClientAsync(alice, "orders:read", "orders:write", "delete");
        var bobApi = await app.ApiClientAsync(bob, "orders:read", "orders:write", "delete");
        var id = (await aliceApi.CreateOrderAsync()).GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.NotFound, (await bobApi.GetAsync($"api/v1/orders/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bobApi.PatchAsJsonAsync($"api/v1/orders/{id}", new { notes = "mine now" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bobApi.DeleteAsync($"api/v1/orders/{id}")).StatusCode);
        Assert.DoesNotContain((await (await bobApi.GetAsync("api/v1/orders")).JsonAsync()).GetProperty("data").EnumerateArray(), o => o.GetProperty("id").GetString() == id);
        Assert.Equal(HttpStatusCode.OK, (await aliceApi.GetAsync($"api/v1/orders/{id}")).StatusCode);
    }

    [Fact]
    public async Task Test_credentials_never_see_live_data_and_the_reverse()
    {
        var owner = await app.Given.DeveloperAsync();
        var live = await app.ApiClientInAsync("live", owner, "orders:read", "orders:write");
        var test = await app.ApiClientInAsync("test", owner, "orders:read", "orders:write");
        var liveId = (await live.CreateOrderAsync("Live Customer")).GetProperty("id").GetString()!;
        var testId = (await test.CreateOrderAsync("Test Customer")).GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.NotFound, (await test.GetAsync($"api/v1/orders/{liveId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await live.GetAsync($"api/v1/orders/{testId}")).StatusCode);
        Assert.All((await (await test.GetAsync("api/v1/orders")).JsonAsync()).GetProperty("data").EnumerateArray(),
            o => Assert.Equal("test", o.GetProperty("environment").GetString()));
    }

    [Fact]
    public async Task A_new_account_has_sample_data_in_its_test_environment_only()
    {
        var browser = app.NewClient();
        var email = Given.UniqueEmail("sample");
        await browser.SubmitFormAsync("account/register", "register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Sample",
            ["Input.Email"] = email,
            ["Input.Password"] = Given.Password,
            ["Input.ConfirmPassword"] = Given.Password,
        });
        await browser.GetAsync(app.SingleMail(email, "Confirm").LinkTo("account/confirm-email"));
        await browser.SignInAsync(new TestUser("", email, Given.Password, "Sample"));

        var test = await (await browser.GetAsync("api/v1/orders")).JsonAsync();
        using var live = new HttpRequestMessage(HttpMethod.Get, "api/v1/orders");
        live.Headers.Add("X-Environment", "live");
        var liveOrders = await (await browser.SendAsync(live)).JsonAsync();

        Assert.Equal(6, test.GetProperty("data").GetArrayLength());
        Assert.Equal(0, liveOrders.GetProperty("data").GetArrayLength());
        Assert.True((await (await browser.GetAsync("api/v1/invoices")).JsonAsync()).GetProperty("data").GetArrayLength() > 0);
        Assert.True((await (await browser.GetAsync("api/v1/appointments")).JsonAsync()).GetProperty("data").GetArrayLength() > 0);
    }
}
