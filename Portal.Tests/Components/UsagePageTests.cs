using System.Security.Claims;
using Bunit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Audit;
using Notarial.Portal.Features.Usage;

namespace Notarial.Portal.Tests.Components;

/// <summary>The usage page over a real (in-memory SQLite) database holding rollups, as the writer leaves them.</summary>
public sealed class UsagePageTests : IAsyncLifetime
{
    private const string Owner = "user-1";
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 15, 30, 0, TimeSpan.Zero);
    private readonly BunitContext _context = new BunitContext().WithPortalUi();
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private PortalDbContextFactory _contexts = default!;

    public async Task InitializeAsync()
    {
        await _connection.OpenAsync();
        _contexts = new PortalDbContextFactory(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(_connection).Options);
        await using (var db = _contexts.CreateDbContext())
        {
            await db.Database.EnsureCreatedAsync();
        }

        _context.Services.AddSingleton<IDbContextFactory<PortalDbContext>>(_contexts);
        _context.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        _context.Services.AddSingleton<UsageReports>();
        _context.AddAuthorization().SetAuthorized("dev@example.test").SetClaims(new Claim(ClaimTypes.NameIdentifier, Owner));
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _connection.DisposeAsync();
    }

    [Fact]
    public async Task With_requests_it_shows_totals_charts_and_top_lists()
    {
        var key = Guid.NewGuid();
        await SeedAsync(
            Request(key, Now.AddHours(-1), 200, latencyMs: 3, route: "/api/v1/orders"),
            Request(key, Now.AddHours(-1), 200, latencyMs: 4, route: "/api/v1/orders"),
            Request(key, Now.AddHours(-3), 401, latencyMs: 1, route: "/api/auth/test", code: "revoked_api_key"),
            Request(key, Now.AddHours(-30), 200, latencyMs: 1, route: "/api/auth/test"),
            // Another account's request is not shown.
            Request(Guid.NewGuid(), Now.AddHours(-1), 500, latencyMs: 9, route: "/api/v1/orders", account: "someone-else"));

        _context.Render<MudPopoverProvider>();
        var page = _context.RenderInteractive<UsagePage>();

        page.WaitForAssertion(() => Assert.Equal("3", page.Find("[data-testid=total-requests]").TextContent.Trim()));
        Assert.Equal("33.33 %", page.Find("[data-testid=total-error-rate]").TextContent.Trim());
        Assert.Equal("1", page.Find("[data-testid=total-addresses]").TextContent.Trim());
        Assert.NotEmpty(page.FindAll("figure[data-chart='Requests by status'] svg"));
        Assert.NotEmpty(page.FindAll("figure[data-chart='Latency'] svg"));
        Assert.NotEmpty(page.FindAll("figure[data-chart='Error rate'] svg"));
        Assert.Contains("GET /api/v1/orders", page.Find("[data-testid=top-endpoints]").TextContent);
        Assert.Contains("revoked_api_key", page.Find("[data-testid=top-errors]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=usage-loading]"));
    }

    [Fact]
    public async Task Without_requests_it_says_what_to_do_instead_of_drawing_empty_charts()
    {
        // Usage older than the default 24 hours only.
        await SeedAsync(Request(Guid.NewGuid(), Now.AddDays(-3), 200, latencyMs: 2, route: "/api/auth/test"));

        _context.Render<MudPopoverProvider>();
        var page = _context.RenderInteractive<UsagePage>();

        page.WaitForAssertion(() => Assert.Contains("No requests in this range", page.Markup));
        Assert.Contains("GET /api/auth/test", page.Markup);
        Assert.Empty(page.FindAll("figure[data-chart]"));
        Assert.Empty(page.FindAll("[data-testid=usage-totals]"));
    }

    [Fact]
    public async Task Choosing_30_days_shows_older_requests_by_day()
    {
        await SeedAsync(Request(Guid.NewGuid(), Now.AddDays(-3), 200, latencyMs: 2, route: "/api/auth/test"));
        _context.Render<MudPopoverProvider>();
        var page = _context.RenderInteractive<UsagePage>();
        page.WaitForAssertion(() => Assert.Contains("No requests in this range", page.Markup));

        page.FindAll("button").Single(b => b.TextContent.Trim() == "30 d").Click();

        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=total-requests]").TextContent.Trim()));
        Assert.NotEmpty(page.FindAll("figure[data-chart='Requests by status'] svg"));
    }

    [Fact]
    public async Task Client_versions_calling_are_listed_with_their_counts()
    {
        var key = Guid.NewGuid();
        await SeedAsync(
            Request(key, Now.AddHours(-1), 200, latencyMs: 2, route: "/api/v1/orders") with { ClientVersion = "1.0.0" },
            Request(key, Now.AddHours(-1), 200, latencyMs: 2, route: "/api/v1/orders") with { ClientVersion = "1.0.0" },
            Request(key, Now.AddHours(-2), 200, latencyMs: 2, route: "/api/v1/orders") with { ClientVersion = "0.9.2" },
            Request(key, Now.AddHours(-2), 200, latencyMs: 2, route: "/api/v1/orders"));
        _context.Render<MudPopoverProvider>();

        var page = _context.RenderInteractive<UsagePage>();

        page.WaitForAssertion(() => Assert.Contains("1.0.0", page.Find("[data-testid=client-versions]").TextContent));
        var list = page.Find("[data-testid=client-versions]").TextContent;
        Assert.True(list.IndexOf("1.0.0", StringComparison.Ordinal) < list.IndexOf("0.9.2", StringComparison.Ordinal), list);
    }

    private static AuditRecord Request(Guid key, DateTimeOffset at, int status, double latencyMs, string route, string? code = null, string account = Owner) => new()
    {
        OccurredAt = at,
        RequestId = "req_" + Guid.NewGuid().ToString("N"),
        AccountId = account,
        CredentialKind = "api_key",
        CredentialId = key.ToString(),
        Environment = "live",
        Method = "GET",
        Route = route,
        Path = route,
        Status = status,
        ErrorCode = code,
        LatencyMs = latencyMs,
        IpAddress = "203.0.113.7",
    };

    private Task SeedAsync(params AuditRecord[] records) => new SqlAuditStore(_contexts).WriteAsync(records, CancellationToken.None);
}
