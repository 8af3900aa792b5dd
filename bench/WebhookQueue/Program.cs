// Queues webhook events for bench/webhooks.sh through the portal's own outbox code (WebhookEvents.Add), into a portal
// data directory the server may be running on: makes sure the benchmark account has a live endpoint for --url (its
// secret protected with the server's Data Protection key ring), then adds --count order.created events for it in one
// transaction. Prints the endpoint's secret on stdout (for a receiver that verifies).
//
//   dotnet bench/WebhookQueue/bin/Release/net10.0/WebhookQueue.dll --data-dir /tmp/x/data --url http://127.0.0.1:5399/hook --count 10000
using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Webhooks;

var dataDirectory = Argument("--data-dir") ?? throw new ArgumentException("--data-dir is required");
var url = Argument("--url") ?? throw new ArgumentException("--url is required");
var count = int.Parse(Argument("--count") ?? "10000", CultureInfo.InvariantCulture);
var options = new DbContextOptionsBuilder<PortalDbContext>().UseSqlite($"Data Source={Path.Combine(dataDirectory, "portal.db")}").Options;

// The same key ring and application name as the server (HostingExtensions.AddPortalDataProtection).
var protection = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(dataDirectory, "keys")), b => b.SetApplicationName("Notarial.Portal"));
var secrets = new WebhookSecrets(protection);
var now = DateTimeOffset.UtcNow;
var events = new WebhookEvents(TimeProvider.System);

await using var db = new SqlitePortalDbContext(options);
await db.Database.MigrateAsync();
const string email = "bench@notarial.test";
var owner = await db.Users.FirstOrDefaultAsync(u => u.Email == email);
if (owner is null)
{
    owner = new PortalUser
    {
        UserName = email,
        NormalizedUserName = email.ToUpperInvariant(),
        Email = email,
        NormalizedEmail = email.ToUpperInvariant(),
        EmailConfirmed = true,
        DisplayName = "Benchmark",
        CreatedAt = now,
        SecurityStamp = Guid.NewGuid().ToString("N"),
    };
    db.Users.Add(owner);
}

var secret = WebhookSecrets.Generate();
var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.OwnerId == owner.Id && e.Url == url);
if (endpoint is null)
{
    endpoint = new WebhookEndpoint
    {
        Id = Guid.CreateVersion7(now),
        OwnerId = owner.Id,
        Url = url,
        Events = WebhookEventTypes.OrderCreated,
        Environment = "live",
        CreatedAt = now,
        UpdatedAt = now,
        SecretCreatedAt = now,
    };
    db.WebhookEndpoints.Add(endpoint);
}

endpoint.ProtectedSecret = secrets.Protect(secret);
endpoint.SecretHint = WebhookSecrets.Hint(secret);
endpoint.DisabledAt = null;
endpoint.FailingSince = null;
await db.SaveChangesAsync();

db.ChangeTracker.AutoDetectChangesEnabled = false;
await using (var transaction = await db.Database.BeginTransactionAsync())
{
    for (var i = 0; i < count; i++)
    {
        events.Add(db, owner.Id, "live", WebhookEventTypes.OrderCreated, new
        {
            id = $"ord_bench{i:D8}",
            number = $"ORD-BENCH-{i:D5}",
            status = "pending",
            customer_name = "Ada Lovelace",
            service = "Power of attorney",
            amount = 120.5m,
            currency = "EUR",
        }, [endpoint.Id]);
    }

    await db.SaveChangesAsync();
    await transaction.CommitAsync();
}

Console.WriteLine(secret);

string? Argument(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
