using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Notarial.Portal.Features.Audit;

namespace Notarial.Portal.Tests.Features.Audit;

/// <summary>What happens around the requests: shutdown, a full queue, retention. Each test runs a portal of its own.</summary>
public sealed class AuditLifecycleTests
{
    [Fact]
    public async Task A_graceful_shutdown_writes_every_queued_record_before_the_process_ends()
    {
        const int Count = 60;
        var directory = AuditPortalApp.NewDataDirectory();
        string keyId;
        await using (var app = new AuditPortalApp(directory, new Dictionary<string, string> { ["Audit:BatchSize"] = "5" }))
        {
            await app.InitializeAsync();
            var key = await app.Given.ApiKeyAsync(type: "partner", burstPerSecond: 1000);
            keyId = key.Id.ToString();
            app.Gate.Close();
            using var client = app.NewClient();

            var responses = await Task.WhenAll(Enumerable.Range(0, Count).Select(_ => client.GetWithKeyAsync("api/auth/test", key.Secret)));

            // The writer is stuck on its first batch; the requests were answered anyway.
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            await app.Gate.Entered;
            Assert.Equal(0, app.Services.GetRequiredService<IAuditQueue>().Counters.Written);
            // Let the writes through only once the host is stopping: what is left is written by the shutdown drain.
            app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(app.Gate.Open);
        }

        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "portal.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            Assert.Equal(Count, await ScalarAsync(connection, "SELECT COUNT(*) FROM audit_log WHERE CredentialId = $id", keyId));
            Assert.Equal(Count, await ScalarAsync(connection, "SELECT SUM(Requests) FROM usage_rollups WHERE CredentialId = $id", keyId));
        }

        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task A_full_queue_drops_records_without_failing_requests_and_health_reports_it()
    {
        await using var app = new AuditPortalApp(AuditPortalApp.NewDataDirectory(), new Dictionary<string, string>
        {
            ["Audit:QueueCapacity"] = "100",
            ["Audit:BatchSize"] = "1",
        });
        await app.InitializeAsync();
        var key = await app.Given.ApiKeyAsync(type: "partner", burstPerSecond: 1000);
        using var client = app.NewClient();
        app.Gate.Close();
        Assert.Equal(HttpStatusCode.OK, (await client.GetWithKeyAsync("api/auth/test", key.Secret)).StatusCode);
        await app.Gate.Entered;

        // The writer holds one record at the gate; 100 more fill the queue; the next 50 have no room.
        for (var i = 0; i < 150; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetWithKeyAsync("api/auth/test", key.Secret)).StatusCode);
        }

        var queue = app.Services.GetRequiredService<IAuditQueue>();
        Assert.Equal(50, queue.Counters.Dropped);
        var health = await client.GetAsync("health/ready");
        var body = await health.Content.ReadAsStringAsync();
        Assert.Contains("\"audit\":{\"status\":\"Degraded\"", body);
        Assert.Contains("50 dropped", body);

        app.Gate.Open();
        var rows = await app.AuditRowsAsync(q => q.Where(e => e.CredentialId == key.Id.ToString()));
        Assert.Equal(101, rows.Count);
    }

    [Fact]
    public async Task Retention_deletes_raw_rows_after_90_days_and_rollups_after_two_years_and_nothing_younger()
    {
        await using var app = new AuditPortalApp(AuditPortalApp.NewDataDirectory());
        await app.InitializeAsync();
        var key = await app.Given.ApiKeyAsync(expires: "never");
        var id = key.Id.ToString();
        using var client = app.NewClient();
        var retention = app.Services.GetRequiredService<AuditRetention>();

        var first = await client.GetWithKeyAsync("api/auth/test", key.Secret);
        app.Clock.Advance(TimeSpan.FromDays(91));
        var secondAt = app.Clock.GetUtcNow();
        var second = await client.GetWithKeyAsync("api/auth/test", key.Secret);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await app.FlushAuditAsync();

        await retention.RunOnceAsync();

        var rows = await app.AuditRowsAsync(q => q.Where(e => e.CredentialId == id));
        Assert.Equal([second.Headers.GetValues("X-Request-ID").Single()], rows.Select(r => r.RequestId));
        Assert.Equal(2, await app.InDbAsync(db => db.UsageRollups.Where(r => r.CredentialId == id).SumAsync(r => r.Requests)));

        app.Clock.Advance(TimeSpan.FromDays(640));
        await retention.RunOnceAsync();

        Assert.Empty(await app.AuditRowsAsync(q => q.Where(e => e.CredentialId == id)));
        var hours = await app.InDbAsync(db => db.UsageRollups.Where(r => r.CredentialId == id).Select(r => r.HourStart).ToListAsync());
        Assert.Equal([UsageRollupBuilder.HourOf(secondAt)], hours);
        Assert.DoesNotContain(await app.InDbAsync(db => db.UsageRollupDimensions.Where(r => r.CredentialId == id).Select(r => r.HourStart).Distinct().ToListAsync()),
            hour => hour < app.Clock.GetUtcNow().AddDays(-730));
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql, string id)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
