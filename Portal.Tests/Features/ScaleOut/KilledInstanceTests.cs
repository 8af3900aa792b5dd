using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Data;
using Notarial.Portal.Tests.Infrastructure.ScaleOut;

namespace Notarial.Portal.Tests.Features.ScaleOut;

/// <summary>
/// An instance killed with SIGKILL under load loses nothing it said was done: every key whose creation answered 201
/// is in the database and works at the surviving instance, and every audit row committed before the kill is still there.
/// </summary>
[Collection(TwoInstancesCollection.Name)]
public sealed class KilledInstanceTests
{
    private sealed record Created(Guid Id, string Secret);

    [Fact]
    public async Task An_instance_killed_under_load_loses_no_key_it_answered_201_for_and_no_committed_audit_row()
    {
        var servers = await ScaleOutServers.GetAsync();
        var database = await servers.CreateDatabaseAsync();
        var survivor = new PostgreSqlPortalApp(database, redis: true, issuer: TwoInstances.Issuer);
        await survivor.InitializeAsync();
        try
        {
            await using var victim = await PortalProcess.StartAsync(servers, database, TwoInstances.Issuer);
            var owner = await survivor.Given.DeveloperAsync();
            var manager = await survivor.Given.ApiKeyAsync(owner, scopes: "keys:manage orders:read", type: "partner", name: "Key manager");

            // Load: workers create keys and call the API at the victim until it dies.
            var created = new ConcurrentBag<Created>();
            var answered = 0;
            using var stop = new CancellationTokenSource();
            async Task WorkAsync(int worker)
            {
                using var client = new HttpClient { BaseAddress = victim.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        var response = await client.SendWithKeyAsync(HttpMethod.Post, "api/v1/keys", manager.Secret,
                            new { name = $"Load {worker}-{i}", type = "client", environment = "live", scopes = new[] { "orders:read" } });
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            var body = await response.JsonAsync();
                            created.Add(new Created(Guid.Parse(body.GetProperty("api_key").GetProperty("id").GetString()!), body.GetProperty("secret").GetString()!));
                        }

                        Interlocked.Increment(ref answered);
                        await client.GetWithKeyAsync("api/v1/orders", manager.Secret);
                    }
                    catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException or System.Text.Json.JsonException)
                    {
                        return; // The victim is gone (or the answer was cut off: neither 201 nor a key to check).
                    }
                }
            }

            var workers = Enumerable.Range(0, 6).Select(w => Task.Run(() => WorkAsync(w))).ToList();
            await Until.ThatAsync(() => created.Count, n => n >= 40, "40 keys created at the victim");

            // Audit rows the victim has committed by now (its writer batches; what is committed must survive).
            var committedAudit = await AuditIdsAsync(survivor);
            Assert.NotEmpty(committedAudit);

            victim.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(workers);

            var keys = created.ToList();
            await using (var db = await survivor.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            {
                var ids = keys.Select(k => k.Id).ToList();
                var stored = await db.ApiKeys.AsNoTracking().Where(k => ids.Contains(k.Id)).Select(k => k.Id).ToListAsync();
                Assert.Equal(ids.Order(), stored.Order());
            }

            using var atSurvivor = survivor.NewClient();
            foreach (var key in keys)
            {
                var response = await atSurvivor.GetWithKeyAsync("api/auth/test", key.Secret);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"Key {key.Id} (201 from the victim) answered {(int)response.StatusCode} at the survivor.");
            }

            var auditAfter = await AuditIdsAsync(survivor);
            Assert.Empty(committedAudit.Except(auditAfter));
        }
        finally
        {
            await survivor.DisposeAsync();
        }
    }

    private static async Task<HashSet<long>> AuditIdsAsync(PortalApp app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return [.. await db.AuditLog.AsNoTracking().Where(a => a.Path == "/api/v1/keys" || a.Path == "/api/v1/orders").Select(a => a.Id).ToListAsync()];
    }
}
