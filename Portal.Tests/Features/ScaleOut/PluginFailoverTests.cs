using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Admin;
using Notarial.Portal.Features.Plugins;
using Notarial.Portal.Features.ScaleOut;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Tests.Features.Plugins;
using Notarial.Portal.Tests.Infrastructure.ScaleOut;
using Npgsql;

namespace Notarial.Portal.Tests.Features.ScaleOut;

/// <summary>
/// Plugins with two instances: they run on exactly one (the holder of the plugins lease); when the holder loses its
/// database session, or stops, the other takes them over. A plugin here is a shell script that appends its process id
/// to a file and stays up.
/// </summary>
[Collection(TwoInstancesCollection.Name)]
public sealed class PluginFailoverTests
{
    private static readonly TimeSpan Failover = TimeSpan.FromSeconds(10);

    private sealed record Placement(PostgreSqlPortalApp Runs, PostgreSqlPortalApp Waits, int ProcessId);

    private static PluginStatus StatusAt(PortalApp app, Guid plugin) => app.Services.GetRequiredService<PluginSupervisor>().StatusOf(plugin, enabled: true);

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Waits until exactly one of the instances runs the plugin and the other says it runs elsewhere.</summary>
    private static async Task<Placement> RunningOnOneAsync(InstancePair pair, Guid plugin, string what, Func<Placement, bool>? also = null)
    {
        Placement? Read()
        {
            var (atA, atB) = (StatusAt(pair.A, plugin), StatusAt(pair.B, plugin));
            return (atA.State, atB.State) switch
            {
                (PluginState.Running, PluginState.Elsewhere) => new Placement(pair.A, pair.B, atA.ProcessId!.Value),
                (PluginState.Elsewhere, PluginState.Running) => new Placement(pair.B, pair.A, atB.ProcessId!.Value),
                _ => null,
            };
        }

        return (await Until.ThatAsync(Read, p => p is not null && (also?.Invoke(p) ?? true), what, Failover))!;
    }

    [Fact]
    public async Task A_plugin_runs_on_one_instance_and_moves_to_the_other_when_the_holder_loses_its_lease_or_stops()
    {
        var folder = Path.Combine(Path.GetTempPath(), "notarial-tests", "plugins-" + Guid.NewGuid().ToString("N")[..8]);
        var pids = Path.Combine(folder, "pids.txt");
        PluginFiles.Write(folder, "stay/run.sh", "#!/bin/sh\necho $$ >> \"$1\"\nexec sleep 600\n");
        try
        {
            await using var pair = await InstancePair.StartAsync(new Dictionary<string, string>
            {
                ["Plugins:Directory"] = folder,
                ["Plugins:PollInterval"] = "00:00:00.100",
                ["Plugins:InitialBackoff"] = "00:00:00",
                ["Plugins:StopTimeout"] = "00:00:01",
            });
            var admin = await pair.A.Given.DeveloperWithTwoFactorAsync(PortalRoles.Admin);
            var created = await pair.A.Services.GetRequiredService<PluginService>().CreateAsync(
                new StaffActor(admin.Id, new RequestOrigin("203.0.113.17", "scale-out tests")),
                new PluginDraft("Stays up", "Appends its pid and sleeps", "stay/run.sh", pids, ["read"], "live", null));
            Assert.True(created.Succeeded, created.Message + string.Join(" ", created.FieldErrors.Select(e => e.Message)));
            var plugin = created.Plugin!.Id;

            var first = await RunningOnOneAsync(pair, plugin, "the plugin running on one instance");
            Assert.Equal([first.ProcessId], ReadPids(pids));
            Assert.True(IsAlive(first.ProcessId));

            // The holder's database session ends (as when its host dies or the network drops it): the holder must stop
            // its plugin, and one instance — either — runs it again.
            await EndLeaseSessionAsync(pair);
            var second = await RunningOnOneAsync(pair, plugin, "the plugin running again on one instance after the lease was lost",
                p => p.ProcessId != first.ProcessId);
            await Until.ThatAsync(() => IsAlive(first.ProcessId), alive => !alive, "the first process stopped");
            Assert.Equal([first.ProcessId, second.ProcessId], ReadPids(pids));

            // The holder stops: the other instance takes the plugin over.
            await second.Runs.DisposeAsync();
            var taken = await Until.ThatAsync(() => StatusAt(second.Waits, plugin), s => s.State == PluginState.Running, "the other instance running the plugin", Failover);
            Assert.False(IsAlive(second.ProcessId));
            Assert.Equal([first.ProcessId, second.ProcessId, taken.ProcessId!.Value], ReadPids(pids));
            Assert.True(IsAlive(taken.ProcessId!.Value));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static List<int> ReadPids(string file) =>
        File.Exists(file) ? [.. File.ReadAllLines(file).Where(l => l.Length > 0).Select(int.Parse)] : [];

    /// <summary>Terminates the PostgreSQL session that holds the plugins lease (an advisory lock on a 64-bit key: its
    /// high half in classid, its low half in objid).</summary>
    private static async Task EndLeaseSessionAsync(InstancePair pair)
    {
        var key = PostgreSqlJobLease.KeyOf(LeasedPluginPlacement.Job);
        await using var connection = new NpgsqlConnection(pair.A.Servers.ConnectionString(pair.Database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND objsubid = 1 AND classid::bigint = @high AND objid::bigint = @low",
            connection);
        command.Parameters.AddWithValue("high", (key >> 32) & 0xFFFFFFFFL);
        command.Parameters.AddWithValue("low", key & 0xFFFFFFFFL);
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }
}
