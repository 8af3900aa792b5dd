using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Admin;
using Notarial.Portal.Features.Plugins;
using Notarial.Portal.Features.ScaleOut;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Tests.Features.ScaleOut;

namespace Notarial.Portal.Tests.Features.Plugins;

/// <summary>
/// With two instances on one PostgreSQL database the plugins run on one of them (the holder of the "plugins" lease) and
/// the other says which: its admin tab shows the holder's name instead of an empty status, and refuses to start, stop or
/// restart a process it does not run.
/// </summary>
[Collection(TwoInstancesCollection.Name)]
public sealed class PluginPlacementTests(TwoInstances cluster)
{
    [Fact]
    public async Task A_lease_names_its_holder_to_every_instance_until_it_is_released()
    {
        var job = "test-" + Guid.NewGuid().ToString("N");
        var alpha = Lease(cluster.A, "alpha");
        var beta = Lease(cluster.B, "beta");

        Assert.Null(await beta.HolderAsync(job));
        var held = await alpha.TryAcquireAsync(job);
        Assert.NotNull(held);
        Assert.Null(await beta.TryAcquireAsync(job));
        Assert.Equal("alpha", await beta.HolderAsync(job));
        Assert.Equal("alpha", await alpha.HolderAsync(job));

        await held.DisposeAsync();
        Assert.Null(await Until.ValueAsync(() => beta.HolderAsync(job), h => h is null, "the lease's release"));
        await using var taken = await beta.TryAcquireAsync(job);
        Assert.NotNull(taken);
        Assert.Equal("beta", await alpha.HolderAsync(job));
    }

    [Fact]
    public async Task Plugins_run_on_one_of_two_instances_and_the_other_names_it()
    {
        var (a, b) = await Until.ValueAsync(async () => (await PlacementOf(cluster.A), await PlacementOf(cluster.B)),
            p => p.Item1.Here != p.Item2.Here && (p.Item1.Here ? p.Item2 : p.Item1).Runner is not null, "one instance holding the plugins");

        var (runner, other) = a.Here ? (a, b) : (b, a);
        Assert.NotEqual(runner.ThisInstance, other.ThisInstance);
        Assert.Equal(runner.ThisInstance, other.Runner);
        Assert.False(other.SupervisorOff);
    }

    [Fact]
    public async Task Start_stop_and_restart_are_refused_on_the_other_instance_with_the_name_of_the_one_running_the_plugins()
    {
        var (a, b) = await Until.ValueAsync(async () => (await PlacementOf(cluster.A), await PlacementOf(cluster.B)),
            p => p.Item1.Here != p.Item2.Here && (p.Item1.Here ? p.Item2 : p.Item1).Runner is not null, "one instance holding the plugins");
        var (runner, other) = a.Here ? (cluster.A, cluster.B) : (cluster.B, cluster.A);
        var admin = new StaffActor((await runner.Given.DeveloperWithTwoFactorAsync(PortalRoles.Admin)).Id, RequestOrigin.Unknown);
        var created = await runner.Services.GetRequiredService<PluginService>().CreateAsync(admin,
            new PluginDraft("Placement " + Guid.NewGuid().ToString("N")[..6], null, "placement-missing/run.sh", null, ["read"], "live", null));
        Assert.True(created.Succeeded, created.Message);
        var id = created.Plugin!.Id;

        var refused = await other.Services.GetRequiredService<PluginService>().RestartAsync(admin, id);
        Assert.False(refused.Succeeded);
        Assert.Contains($"runs on the instance {(a.Here ? a : b).ThisInstance}, not on this one", refused.Message, StringComparison.Ordinal);
        Assert.False((await other.Services.GetRequiredService<PluginService>().StopAsync(admin, id)).Succeeded);
        Assert.True((await runner.Services.GetRequiredService<PluginService>().RestartAsync(admin, id)).Succeeded);

        await runner.Services.GetRequiredService<PluginService>().DeleteAsync(admin, id);
    }

    private static Task<PluginPlacementView> PlacementOf(PortalApp app) =>
        app.Services.GetRequiredService<PluginSupervisor>().PlacementAsync(app.Services.GetRequiredService<PortalInstance>().Name);

    private static PostgreSqlJobLease Lease(PortalApp app, string name) =>
        new(app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>(),
            new PortalInstance(new ConfigurationBuilder().AddInMemoryCollection([new("Instance:Name", name)]).Build()));
}
