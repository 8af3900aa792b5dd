using System.Net;
using System.Text;

namespace Notarial.Portal.Tests.Features.Platform;

[Collection(PortalCollection.Name)]
public sealed class ImportApiTests(PortalApp app)
{
    private static MultipartFormDataContent Csv(string content, string? entity = null, bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        if (bom)
        {
            bytes = [.. Encoding.UTF8.GetPreamble(), .. bytes];
        }

        var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", "orders.csv" } };
        if (entity is not null)
        {
            form.Add(new StringContent(entity), "entity");
        }

        return form;
    }

    private async Task<(HttpClient Api, int Before)> ApiAsync()
    {
        var owner = await app.Given.DeveloperAsync();
        var api = await app.ApiClientAsync(owner, "bulk:write", "orders:read");
        return (api, (await (await api.GetAsync("api/v1/orders?limit=100")).JsonAsync()).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task A_good_file_imports_every_row()
    {
        var (api, _) = await ApiAsync();
        const string csv = "customer_name,service,amount,currency,status\nAda Lovelace,Power of attorney,120.50,EUR,pending\n\"Hopper, Grace\",Deed,99,USD,confirmed\n";

        var response = await api.PostAsync("api/import", Csv(csv, "orders"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.JsonAsync();
        Assert.Equal(2, result.GetProperty("imported").GetInt32());
        Assert.Equal(0, result.GetProperty("rejected").GetInt32());
        var orders = (await (await api.GetAsync("api/v1/orders")).JsonAsync()).GetProperty("data").EnumerateArray().ToList();
        Assert.Contains(orders, o => o.GetProperty("customer_name").GetString() == "Hopper, Grace" && o.GetProperty("currency").GetString() == "USD");
    }

    [Fact]
    public async Task Semicolons_a_bom_and_a_quoted_newline_are_read_correctly()
    {
        var (api, _) = await ApiAsync();
        const string csv = "customer_name;service;amount;notes\r\nAda;Deed;10.00;\"two\r\nlines\"\r\nBram;Will;20;\r\n";

        var response = await api.PostAsync("api/import", Csv(csv, bom: true));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal(2, (await response.JsonAsync()).GetProperty("imported").GetInt32());
        var orders = (await (await api.GetAsync("api/v1/orders")).JsonAsync()).GetProperty("data").EnumerateArray();
        Assert.Contains(orders, o => o.GetProperty("notes").GetString() == "two\r\nlines");
    }

    [Fact]
    public async Task A_file_with_bad_rows_imports_nothing_and_names_each_row_and_field()
    {
        var (api, before) = await ApiAsync();
        const string csv = "customer_name,service,amount,customer_email\nAda,Deed,10,ada@example.com\n,Deed,10,\nBram,Will,ten,\nChloé,Will,5,not-an-email\n";

        var response = await api.PostAsync("api/import", Csv(csv));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = (await response.JsonAsync()).GetProperty("error");
        Assert.Equal("validation_failed", error.GetProperty("code").GetString());
        var rows = error.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("row").GetInt32(), r.GetProperty("field").GetString())).ToList();
        Assert.Equal([(3, "customer_name"), (4, "amount"), (5, "customer_email")], rows);
        Assert.Equal(before, (await (await api.GetAsync("api/v1/orders?limit=100")).JsonAsync()).GetProperty("data").GetArrayLength());
    }

    [Theory]
    [InlineData("customer,service,amount\nAda,Deed,1\n", "Unknown column(s): customer")]
    [InlineData("service,amount\nDeed,1\n", "Missing column(s): customer_name")]
    [InlineData("customer_name,service,amount\n", "no rows to import")]
    [InlineData("", "The file is empty")]
    [InlineData("customer_name,service,amount\n\"Ada,Deed,1\n", "not valid CSV")]
    public async Task A_file_that_cannot_be_read_is_a_422_on_the_file(string csv, string message)
    {
        var (api, _) = await ApiAsync();

        var response = await api.PostAsync("api/import", Csv(csv));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var field = Assert.Single((await response.JsonAsync()).GetProperty("error").GetProperty("fields").EnumerateArray());
        Assert.Equal("file", field.GetProperty("field").GetString());
        Assert.Contains(message, field.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Unknown_entities_and_mappers_and_missing_files_are_clear_errors()
    {
        var (api, _) = await ApiAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await api.PostAsync("api/import", Csv("a\n1\n", "spaceships"))).StatusCode);
        var mapper = Csv("customer_name,service,amount\nAda,Deed,1\n");
        mapper.Add(new StringContent("nope"), "mapperId");
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync("api/import", mapper)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await api.PostAsync("api/import", new MultipartFormDataContent { { new StringContent("orders"), "entity" } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsync("api/import", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);
    }

    [Fact]
    public async Task More_than_fifty_thousand_rows_is_refused()
    {
        var (api, _) = await ApiAsync();
        var csv = new StringBuilder("customer_name,service,amount\n");
        for (var i = 0; i < 50_001; i++)
        {
            csv.Append("A,B,1\n");
        }

        var response = await api.PostAsync("api/import", Csv(csv.ToString()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("more than 50,000 rows", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_file_over_ten_megabytes_is_413()
    {
        var (api, _) = await ApiAsync();

        // As curl does for large bodies: the client waits for "100 Continue", so it reads the 413 instead of a broken pipe.
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/import") { Content = Csv("customer_name,service,amount\n" + new string('x', 11 * 1024 * 1024)) };
        request.Headers.ExpectContinue = true;

        var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload_too_large", (await response.JsonAsync()).ErrorCode());
    }

    [Fact]
    public async Task Importing_needs_bulk_write()
    {
        var owner = await app.Given.DeveloperAsync();
        var api = await app.ApiClientAsync(owner, "orders:write");

        var response = await api.PostAsync("api/import", Csv("customer_name,service,amount\nAda,Deed,1\n"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
