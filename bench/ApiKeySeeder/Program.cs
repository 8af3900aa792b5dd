// Seeds API keys into a portal data directory for bench/api-keys.sh: migrates the database, adds one owner, and brings
// the number of keys up to --count. The keys the benchmark calls with are made like the service makes them (EF Core,
// real format, SHA-256); the filler rows go in through one prepared INSERT in one transaction, which is what makes a
// million rows take seconds. Prints the plaintext of one new, valid, live key on stdout.
//
//   dotnet run -c Release --project bench/ApiKeySeeder -- --data-dir /tmp/x/data --count 1000000
// With --postgres CONNECTION_STRING it adds the owner and the one key to that database instead (no filler keys; the
// portal has migrated it). --scopes "keys:manage apps:manage" gives the printed key other scopes than orders:read.
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.ApiKeys;

var postgres = Argument("--postgres");
var scopes = Argument("--scopes") ?? "orders:read";
var count = int.Parse(Argument("--count") ?? "100", CultureInfo.InvariantCulture);
var clock = Stopwatch.StartNew();
var connectionString = "";
DbContextOptions<PortalDbContext> options;
if (postgres is not null)
{
    options = new DbContextOptionsBuilder<PortalDbContext>().UseNpgsql(postgres).Options;
}
else
{
    var dataDirectory = Argument("--data-dir") ?? throw new ArgumentException("--data-dir or --postgres is required");
    Directory.CreateDirectory(dataDirectory);
    connectionString = $"Data Source={Path.Combine(dataDirectory, "portal.db")}";
    options = new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(connectionString).Options;
    await using var db = new SqlitePortalDbContext(options);
    await db.Database.MigrateAsync();
}

PortalDbContext Open() => postgres is null ? new SqlitePortalDbContext(options) : new PostgreSqlPortalDbContext(options);

var now = DateTimeOffset.UtcNow;
string ownerId;
string secret;
await using (var db = Open())
{
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

    ownerId = owner.Id;
    secret = ApiKeyFormat.Generate("live");
    db.ApiKeys.Add(NewKey(secret, ownerId, now, "Benchmark key", scopes));
    await db.SaveChangesAsync();
}

if (postgres is not null)
{
    Console.WriteLine(secret);
    return;
}

// Filler keys: real keys (format, hash, hint), bulk-inserted.
await using (var connection = new SqliteConnection(connectionString))
{
    await connection.OpenAsync();
    await using (var pragma = connection.CreateCommand())
    {
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA foreign_keys=ON;";
        await pragma.ExecuteNonQueryAsync();
    }

    long existing;
    await using (var counter = connection.CreateCommand())
    {
        counter.CommandText = "SELECT COUNT(*) FROM api_keys";
        existing = (long)(await counter.ExecuteScalarAsync())!;
    }

    var missing = Math.Max(0, count - (int)existing);
    var createdAt = (long)new DateTimeOffsetToBinaryConverter().ConvertToProvider(now)!;
    await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
    await using var insert = connection.CreateCommand();
    insert.Transaction = transaction;
    insert.CommandText =
        "INSERT INTO api_keys (Id, OwnerId, Name, Type, Environment, Scopes, Hash, Hint, CreatedAt, RequestsPerHour, BurstPerSecond) " +
        "VALUES ($id, $owner, 'Filler key', 'client', 'live', 'orders:read', $hash, $hint, $created, 10000, 100)";
    var id = insert.Parameters.Add("$id", SqliteType.Text);
    insert.Parameters.AddWithValue("$owner", ownerId);
    var hash = insert.Parameters.Add("$hash", SqliteType.Blob);
    var hint = insert.Parameters.Add("$hint", SqliteType.Text);
    insert.Parameters.AddWithValue("$created", createdAt);
    insert.Prepare();
    for (var i = 0; i < missing; i++)
    {
        var key = ApiKeyFormat.Generate("live");
        id.Value = Guid.CreateVersion7(now).ToString().ToUpperInvariant();
        hash.Value = ApiKeyHasher.Hash(key).ToArray();
        hint.Value = ApiKeyFormat.Hint(key);
        await insert.ExecuteNonQueryAsync();
    }

    await transaction.CommitAsync();
    Console.Error.WriteLine($"seeded {missing:N0} filler keys ({existing + missing:N0} keys in all) in {clock.Elapsed.TotalSeconds:F1} s");
}

Console.WriteLine(secret);
return;

static ApiKey NewKey(string secret, string ownerId, DateTimeOffset now, string name, string scopes) => new()
{
    Id = Guid.CreateVersion7(now),
    OwnerId = ownerId,
    Name = name,
    Type = ApiKeyType.Client,
    Environment = "live",
    Scopes = scopes,
    Hash = ApiKeyHasher.Hash(secret).ToArray(),
    Hint = ApiKeyFormat.Hint(secret),
    CreatedAt = now,
    // Limits far above what one machine can send, so the limiter still counts every request but never refuses one.
    RequestsPerHour = 1_000_000_000,
    BurstPerSecond = 1_000_000,
};

string? Argument(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
