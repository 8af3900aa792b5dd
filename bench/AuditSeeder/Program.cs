// For bench/audit.sh: the 30-day usage report over a database holding many audit rows.
//
//   seed:  dotnet AuditSeeder.dll seed --data-dir DIR --rows 10000000
//          Migrates the database and writes --rows requests of one account (5 keys, 30 days, 8 endpoints, some errors,
//          40 client addresses) through SqlAuditStore — the audit writer's own path, so the raw rows and the hourly
//          rollups are exactly what a running portal would have written.
//   query: dotnet AuditSeeder.dll query --data-dir DIR [--runs 20]
//          Times UsageReports.GetAsync for the account's last 30 days (all credentials, then one key): the first run
//          (cold), then the median and maximum of --runs more. Prints the raw and rollup row counts beside them.
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Audit;
using Notarial.Portal.Features.Usage;

const string Owner = "bench-owner";
var command = args.FirstOrDefault() ?? "";
var dataDirectory = Argument("--data-dir") ?? throw new ArgumentException("--data-dir is required");
Directory.CreateDirectory(dataDirectory);
var options = new DbContextOptionsBuilder<PortalDbContext>()
    .UseSqlite($"Data Source={Path.Combine(dataDirectory, "portal.db")}")
    .AddInterceptors(new SqlitePragmas())
    .LogTo(Console.Error.WriteLine, args.Contains("--sql") ? Microsoft.Extensions.Logging.LogLevel.Information : Microsoft.Extensions.Logging.LogLevel.None)
    .Options;
var contexts = new PortalDbContextFactory(options);
var keys = Enumerable.Range(1, 5).Select(i => new Guid(i, 0, 0, new byte[8]).ToString()).ToArray();
var now = DateTimeOffset.UtcNow;

switch (command)
{
    case "seed":
        await SeedAsync(long.Parse(Argument("--rows") ?? "10000000", CultureInfo.InvariantCulture));
        break;
    case "query":
        await QueryAsync(int.Parse(Argument("--runs") ?? "20", CultureInfo.InvariantCulture));
        break;
    default:
        Console.Error.WriteLine("usage: AuditSeeder seed|query --data-dir DIR [--rows N] [--runs N]");
        return 2;
}

return 0;

async Task SeedAsync(long rows)
{
    await using (var db = contexts.CreateDbContext())
    {
        await db.Database.MigrateAsync();
    }

    string[] routes = ["/api/v1/orders", "/api/v1/orders/{id}", "/api/v1/invoices", "/api/v1/appointments", "/api/auth/test", "/api/v1/products", "/api/query", "/odata/orders"];
    string[] scopes = ["orders:read", "orders:read", "invoices:read", "appointments:read", "", "products:read", "orders:read", "orders:read"];
    var store = new SqlAuditStore(contexts);
    var clock = Stopwatch.StartNew();
    var start = now.AddDays(-30);
    var step = TimeSpan.FromDays(30) / rows;
    var random = new Random(7);
    const int Batch = 20_000;
    var batch = new List<AuditRecord>(Batch);
    for (long i = 0; i < rows; i++)
    {
        var route = random.Next(routes.Length);
        var roll = random.Next(1000);
        var (status, code) = roll switch
        {
            < 15 => (401, "invalid_api_key"),
            < 25 => (403, "insufficient_scope"),
            < 35 => (429, "rate_limit_exceeded"),
            < 38 => (500, "internal_error"),
            < 60 => (404, "not_found"),
            _ => (200, (string?)null),
        };
        batch.Add(new AuditRecord
        {
            OccurredAt = start + (step * i),
            RequestId = "req_" + i.ToString("x12", CultureInfo.InvariantCulture),
            AccountId = Owner,
            CredentialKind = "api_key",
            CredentialId = keys[random.Next(keys.Length)],
            Environment = "live",
            Method = "GET",
            Route = routes[route],
            Path = routes[route].Replace("{id}", "ord_" + random.Next(100_000).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal),
            Status = status,
            ErrorCode = code,
            LatencyMs = Math.Round(0.3 + (random.NextDouble() * random.NextDouble() * 40), 3),
            IpAddress = "198.51.100." + random.Next(40).ToString(CultureInfo.InvariantCulture),
            UserAgent = "bench-client/1.0",
            Scope = scopes[route].Length == 0 ? null : scopes[route],
        });
        if (batch.Count == Batch || i == rows - 1)
        {
            await store.WriteAsync(batch, CancellationToken.None);
            batch.Clear();
            if ((i + 1) % 1_000_000 < Batch)
            {
                Console.Error.WriteLine($"  {i + 1:N0} rows, {clock.Elapsed.TotalSeconds:0} s");
            }
        }
    }

    Console.Error.WriteLine($"seeded {rows:N0} audit rows in {clock.Elapsed.TotalSeconds:0} s ({rows / clock.Elapsed.TotalSeconds:N0} rows/s through SqlAuditStore)");
}

async Task QueryAsync(int runs)
{
    await using (var db = contexts.CreateDbContext())
    {
        var raw = await db.AuditLog.LongCountAsync();
        var rollups = await db.UsageRollups.LongCountAsync();
        var dimensions = await db.UsageRollupDimensions.LongCountAsync();
        Console.WriteLine($"database: {raw:N0} audit rows, {rollups:N0} rollup rows, {dimensions:N0} rollup dimension rows");
    }

    var reports = new UsageReports(contexts);
    var (from, to) = UsageRange.Last(UsageRange.Month).Resolve(now);
    await TimeAsync("30-day report, whole account", new UsageQuery(Owner, from, to));
    await TimeAsync("30-day report, one key", new UsageQuery(Owner, from, to, new UsageCredential("api_key", keys[0])));

    async Task TimeAsync(string name, UsageQuery query)
    {
        var watch = Stopwatch.StartNew();
        var report = await reports.GetAsync(query);
        var cold = watch.Elapsed.TotalMilliseconds;
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            watch.Restart();
            await reports.GetAsync(query);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        var median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[(times.Count / 2) - 1] + times[times.Count / 2]) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {report.Totals.Requests:N0} requests in {report.Buckets.Count} points; first run {cold:0.0} ms, median of {runs} {median:0.0} ms, max {times[^1]:0.0} ms"));
    }
}

string? Argument(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
