using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Admin;
using Notarial.Portal.Features.Audit;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Features.Usage;
using Notarial.Portal.Tests.Features.Audit;

namespace Notarial.Portal.Tests.Features.Admin;

/// <summary>The audit tab's request log and the usage the admin area shows: filters and server-side pages return the right
/// rows, the export matches, and only staff with 2FA read them. Rows are written as the audit pipeline writes them, in a
/// future hour of their own so other tests' requests do not mix in.</summary>
[Collection(PortalCollection.Name)]
public sealed class AdminRequestLogAndUsageTests(PortalApp app)
{
    private AdminRequestLog Log => app.Services.GetRequiredService<AdminRequestLog>();

    private AdminUsage Usage => app.Services.GetRequiredService<AdminUsage>();

    private static StaffActor As(TwoFactorTestUser user) => new(user.Id, RequestOrigin.Unknown);

    private static StaffActor As(TestUser user) => new(user.Id, RequestOrigin.Unknown);

    [Fact]
    public async Task The_request_log_filters_by_account_credential_status_path_and_time_and_pages_on_the_server()
    {
        var support = await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Support);
        var alice = await app.Given.DeveloperAsync();
        var bob = await app.Given.DeveloperAsync();
        var aliceKey = await app.Given.ApiKeyAsync(alice);
        var bobKey = await app.Given.ApiKeyAsync(bob);
        var start = UniqueHour();
        var records = new List<AuditRecord>();
        for (var i = 0; i < 30; i++)
        {
            // Alice: 30 requests a minute apart; every fifth refused, every third to invoices.
            records.Add(Request(start.AddMinutes(i), alice.Id, aliceKey.Id, i % 5 == 0 ? 429 : 200, i % 3 == 0 ? "/api/v1/invoices" : "/api/v1/orders"));
        }

        for (var i = 0; i < 5; i++)
        {
            records.Add(Request(start.AddMinutes(i), bob.Id, bobKey.Id, 500, "/api/v1/orders"));
        }

        await SeedAsync(records);

        var first = await Log.SearchAsync(As(support), new AdminRequestFilter(Account: alice.Email), 0, 25);
        Assert.Equal(30, first.Total);
        Assert.Equal(25, first.Items.Count);
        Assert.All(first.Items, r => Assert.Equal(alice.Email, r.AccountEmail));
        Assert.Equal(start.AddMinutes(29), first.Items[0].OccurredAt);
        Assert.True(first.Items.Zip(first.Items.Skip(1)).All(p => p.First.OccurredAt >= p.Second.OccurredAt), "newest first");
        var second = await Log.SearchAsync(As(support), new AdminRequestFilter(Account: alice.Id), 1, 25);
        Assert.Equal(5, second.Items.Count);
        Assert.Empty(first.Items.Select(r => r.Id).Intersect(second.Items.Select(r => r.Id)));
        Assert.Equal(start, second.Items[^1].OccurredAt);

        var refused = await Log.SearchAsync(As(support), new AdminRequestFilter(Account: alice.Email, Status: "4xx"), 0, 100);
        Assert.Equal(6, refused.Total);
        Assert.All(refused.Items, r => Assert.Equal(429, r.Status));
        Assert.Equal(6, (await Log.SearchAsync(As(support), new AdminRequestFilter(Account: alice.Email, Status: "429"), 0, 100)).Total);

        var invoices = await Log.SearchAsync(As(support), new AdminRequestFilter(Account: alice.Email, Path: "invoices"), 0, 100);
        Assert.Equal(10, invoices.Total);
        Assert.All(invoices.Items, r => Assert.Equal("/api/v1/invoices", r.Path));

        var byKey = await Log.SearchAsync(As(support), new AdminRequestFilter(Credential: bobKey.Id.ToString()), 0, 100);
        Assert.Equal(5, byKey.Total);
        Assert.All(byKey.Items, r => Assert.Equal(bob.Id, r.AccountId));
        var hint = await app.InDbAsync(db => db.ApiKeys.Where(k => k.Id == bobKey.Id).Select(k => k.Hint).SingleAsync());
        Assert.Equal(5, (await Log.SearchAsync(As(support), new AdminRequestFilter(Credential: hint), 0, 100)).Total);

        var window = await Log.SearchAsync(As(support), new AdminRequestFilter(Account: alice.Email, From: start.AddMinutes(10), To: start.AddMinutes(20)), 0, 100);
        Assert.Equal(10, window.Total);
        Assert.All(window.Items, r => Assert.InRange(r.OccurredAt, start.AddMinutes(10), start.AddMinutes(19)));

        Assert.Equal(0, (await Log.SearchAsync(As(support), new AdminRequestFilter(Account: "nobody-" + Guid.NewGuid().ToString("N") + "@example.test"), 0, 25)).Total);
        Assert.NotNull(new AdminRequestFilter(Status: "abc").Problem());
    }

    [Fact]
    public async Task Only_staff_with_2fa_read_the_request_log_and_platform_usage()
    {
        var developer = await app.Given.DeveloperWithTwoFactorAsync();
        var supportWithout2fa = await app.Given.DeveloperAsync(extraRoles: PortalRoles.Support);
        var admin = await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Admin);
        var hour = UniqueHour();
        var query = new UsageQuery("", hour, hour.AddHours(1));

        foreach (var actor in new[] { As(developer), As(supportWithout2fa), new StaffActor("", RequestOrigin.Unknown) })
        {
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Log.SearchAsync(actor, new AdminRequestFilter(), 0, 25));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Log.WriteCsvAsync(actor, new AdminRequestFilter(), TextWriter.Null));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Usage.PlatformAsync(actor, query));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Usage.AccountAsync(actor, query with { OwnerId = developer.Id }));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Usage.TopAsync(actor, query.From, query.To));
        }

        Assert.Equal(0, (await Usage.PlatformAsync(As(admin), query)).Totals.Requests);
    }

    [Fact]
    public async Task Support_exports_the_filtered_request_log_as_csv()
    {
        var support = await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Support);
        var alice = await app.Given.DeveloperAsync();
        var key = await app.Given.ApiKeyAsync(alice);
        var start = UniqueHour();
        await SeedAsync([
            Request(start, alice.Id, key.Id, 200, "/api/v1/orders"),
            Request(start.AddMinutes(1), alice.Id, key.Id, 403, "/api/v1/orders", userAgent: "=HYPERLINK(\"http://evil\")"),
        ]);
        var client = app.NewClient();
        await support.SignInAsync(client, app);

        var response = await client.GetAsync($"{AdminPaths.RequestExport}?account={Uri.EscapeDataString(alice.Email)}&status=4xx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("time,request_id,method,route,path,status,error_code,latency_ms,account_id,account_email,", lines[0], StringComparison.Ordinal);
        var line = Assert.Single(lines.Skip(1));
        Assert.Contains(",403,", line, StringComparison.Ordinal);
        Assert.Contains(alice.Email, line, StringComparison.Ordinal);
        Assert.Contains(key.Id.ToString(), line, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Platform_usage_sums_every_account_and_names_the_top_accounts_and_applications()
    {
        var admin = await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Admin);
        var alice = await app.Given.DeveloperAsync();
        var bob = await app.Given.DeveloperAsync();
        var aliceKey = await app.Given.ApiKeyAsync(alice);
        var bobApp = await app.Given.MachineClientAsync(bob, "orders:read");
        var start = UniqueHour();
        var records = new List<AuditRecord>();
        for (var i = 0; i < 6; i++)
        {
            records.Add(Request(start.AddMinutes(i), alice.Id, aliceKey.Id, i == 0 ? 500 : 200, "/api/v1/orders"));
        }

        for (var i = 0; i < 3; i++)
        {
            records.Add(Request(start.AddMinutes(i), bob.Id, null, 200, "/api/v1/orders", clientId: bobApp.ClientId));
        }

        await SeedAsync(records);
        var query = new UsageQuery("", start, start.AddHours(1));

        var platform = await Usage.PlatformAsync(As(admin), query);
        Assert.Equal(9, platform.Totals.Requests);
        Assert.Equal(1, platform.Totals.Errors);
        Assert.Equal(9, platform.Buckets.Single(b => b.Start == start).Requests);
        var oneApp = await Usage.PlatformAsync(As(admin), query with { Credential = UsageCredential.OAuthClient(bobApp.ClientId) });
        Assert.Equal(3, oneApp.Totals.Requests);

        // Alice's account as she sees it on her own usage page.
        Assert.Equal(6, (await Usage.AccountAsync(As(admin), query with { OwnerId = alice.Id })).Totals.Requests);

        var top = await Usage.TopAsync(As(admin), query.From, query.To);
        Assert.Equal(new[] { (alice.Id, alice.Email, 6L), (bob.Id, bob.Email, 3L) }, top.Accounts.Select(a => (a.Id, a.Name, a.Requests)));
        var application = Assert.Single(top.Applications);
        Assert.Equal(bobApp.ApplicationId, application.Id);
        Assert.Contains(bobApp.ClientId, application.Name, StringComparison.Ordinal);
        Assert.Equal(3, application.Requests);
    }

    // An hour no other test writes to: the clock of the shared app stays near today.
    [Fact]
    public async Task Support_finds_a_request_by_the_id_a_caller_quotes_without_an_index_on_request_ids()
    {
        var support = await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Support);
        var alice = await app.Given.DeveloperAsync();
        var key = await app.Given.ApiKeyAsync(alice);
        using var client = app.CreateClient();

        // A real call: the id the portal made comes back in X-Request-ID, and its row is found by it.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/test");
        request.Headers.Add("X-API-Key", key.Secret);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var made = Assert.Single(response.Headers.GetValues("X-Request-ID"));
        Assert.NotNull(AdminRequestFilter.PortalRequestIdTime(made));
        // An id the caller chose, echoed and recorded as it is.
        using var supplied = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/test");
        supplied.Headers.Add("X-API-Key", key.Secret);
        var chosen = "client-" + Guid.NewGuid().ToString("N");
        supplied.Headers.Add("X-Request-ID", chosen);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(supplied)).StatusCode);
        await app.FlushAuditAsync();

        var found = await Log.SearchAsync(As(support), new AdminRequestFilter(RequestId: made), 0, 25);
        var row = Assert.Single(found.Items);
        Assert.Equal(made, row.RequestId);
        Assert.Equal(alice.Id, row.AccountId);
        Assert.Equal("/api/v1/auth/test", row.Path);

        var byChosen = await Log.SearchAsync(As(support), new AdminRequestFilter(RequestId: " " + chosen + " "), 0, 25);
        Assert.Equal(chosen, Assert.Single(byChosen.Items).RequestId);

        // Seeded rows: a portal-made id is looked for around its own time, so a row whose time disagrees with its id
        // (nothing the portal writes) is outside the window; a chosen id older than the last day needs dates.
        var old = UniqueHour();
        var seeded = Request(old, alice.Id, key.Id, 200, "/api/v1/orders") with { RequestId = "req_" + Guid.CreateVersion7(old).ToString("N") };
        var mismatched = Request(old, alice.Id, key.Id, 200, "/api/v1/orders") with { RequestId = "req_" + Guid.CreateVersion7(old.AddHours(2)).ToString("N") };
        var oldChosen = Request(old, alice.Id, key.Id, 200, "/api/v1/orders") with { RequestId = "batch-" + Guid.NewGuid().ToString("N") };
        await SeedAsync([seeded, mismatched, oldChosen]);

        Assert.Single((await Log.SearchAsync(As(support), new AdminRequestFilter(RequestId: seeded.RequestId), 0, 25)).Items);
        Assert.Empty((await Log.SearchAsync(As(support), new AdminRequestFilter(RequestId: mismatched.RequestId), 0, 25)).Items);
        Assert.Empty((await Log.SearchAsync(As(support), new AdminRequestFilter(RequestId: oldChosen.RequestId), 0, 25)).Items);
        Assert.Single((await Log.SearchAsync(As(support), new AdminRequestFilter(RequestId: oldChosen.RequestId, From: old.AddHours(-1), To: old.AddHours(1)), 0, 25)).Items);

        // The search reads a few minutes of the time index, not the whole table (there is no request id index to use).
        var plan = await app.InDbAsync(async db =>
        {
            var sql = db.AuditLog.Where(e => e.RequestId == made && e.OccurredAt >= old && e.OccurredAt <= old.AddMinutes(10)).ToQueryString();
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + sql[(sql.IndexOf("SELECT", StringComparison.Ordinal))..];
            foreach (var line in sql.Split('\n').TakeWhile(l => l.StartsWith(".param set ", StringComparison.Ordinal)))
            {
                var parts = line[".param set ".Length..].Split(' ', 2);
                var parameter = command.CreateParameter();
                parameter.ParameterName = parts[0];
                parameter.Value = parts[1].Trim('\'');
                command.Parameters.Add(parameter);
            }

            await using var reader = await command.ExecuteReaderAsync();
            var details = new List<string>();
            while (await reader.ReadAsync())
            {
                details.Add(reader.GetString(3));
            }

            return string.Join(" | ", details);
        });
        Assert.Contains("IX_audit_log_OccurredAt", plan);
    }

    private static DateTimeOffset UniqueHour() =>
        new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(Random.Shared.Next(0, 24 * 365 * 5));

    private static AuditRecord Request(DateTimeOffset at, string account, Guid? key, int status, string path, string? clientId = null, string? userAgent = null) => new()
    {
        OccurredAt = at,
        RequestId = "req_" + Guid.NewGuid().ToString("N"),
        AccountId = account,
        CredentialKind = clientId is null ? "api_key" : "oauth_token",
        CredentialId = clientId is null ? key.ToString() : "tok_" + Guid.NewGuid().ToString("N"),
        ClientId = clientId,
        Environment = "live",
        Method = "GET",
        Route = path,
        Path = path,
        Status = status,
        ErrorCode = status >= 400 ? "some_error" : null,
        LatencyMs = 3,
        IpAddress = "203.0.113.7",
        UserAgent = userAgent,
    };

    private Task SeedAsync(IReadOnlyList<AuditRecord> records) =>
        new SqlAuditStore(app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>()).WriteAsync(records, CancellationToken.None);
}
