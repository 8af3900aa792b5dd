using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Admin;
using Notarial.Portal.Features.Audit;
using Notarial.Portal.Features.Plugins;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Features.Usage;
using Notarial.Portal.Tests.Samples;

namespace Notarial.Portal.Tests.Features.Plugins;

/// <summary>
/// Seed 002's plugin samples, as written, run by the supervisor: the TypeScript <c>PluginApiClient</c>
/// (<see cref="SeedSamplePlugin"/>) and the PHP one (run by php-cli from a wrapper in the folder). Each reads the three
/// variables, gets a token for "read write" and calls <c>/api/query</c>; the call is audited under the plugin's client,
/// shown by the plugin's name in the admin request log, and counted in the admin usage of its client.
/// </summary>
[Collection(PluginCollection.Name)]
public sealed class SeedSamplePluginTests(PluginPortalApp app)
{
    private PluginService Plugins => app.Services.GetRequiredService<PluginService>();

    [Fact]
    public async Task Seed_002_typescript_sample_runs_as_a_plugin_and_its_query_is_audited_and_counted_under_its_name()
    {
        var folder = "seed002-ts-" + Guid.NewGuid().ToString("N")[..6];
        var executable = await SeedSamplePlugin.InstallTypeScriptAsync(app.PluginsFolder, folder);

        await RunAndCheckAsync(folder, executable, "Fetched products: { products: [] }");
    }

    [Fact]
    public async Task Seed_002_php_sample_runs_as_a_plugin_and_its_query_is_audited_and_counted_under_its_name()
    {
        var folder = "seed002-php-" + Guid.NewGuid().ToString("N")[..6];
        Directory.CreateDirectory(Path.Combine(app.PluginsFolder, folder));
        File.WriteAllText(Path.Combine(app.PluginsFolder, folder, "plugin.php"), SampleRunner.Read("seed002/plugin.php"));
        PluginFiles.Write(app.PluginsFolder, $"{folder}/run.sh", "#!/bin/sh\ncd \"$(dirname \"$0\")\"\nphp plugin.php\nexec sleep 3600\n");

        await RunAndCheckAsync(folder, $"{folder}/run.sh", "Fetched products: 0");
    }

    private async Task RunAndCheckAsync(string name, string executable, string printed)
    {
        var admin = new StaffActor((await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Admin)).Id, RequestOrigin.Unknown);
        var created = await Plugins.CreateAsync(admin, new PluginDraft(name, "Seed 002's sample", executable, null, ["read", "write"], "live", null));
        Assert.True(created.Succeeded, created.Message + string.Join(" ", created.FieldErrors.Select(e => e.Message)));
        var plugin = created.Plugin!;

        var log = await Until.ValueAsync(async () => (await Plugins.LogAsync(admin, plugin.Id))!,
            l => l.Any(x => x.Text.StartsWith("Fetched products", StringComparison.Ordinal) || x.Stream == "err"), "the sample's output");
        Assert.True(log.Any(l => l.Text == printed), string.Join("\n", log.Select(l => $"{l.Stream} {l.Text}")));

        var row = await Until.ValueAsync(async () =>
        {
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            return await db.AuditLog.AsNoTracking().FirstOrDefaultAsync(a => a.ClientId == plugin.ClientId && a.Path == "/api/query");
        }, r => r is not null, "the audit row of the sample's query");
        Assert.Equal(200, row!.Status);

        // The admin request log names the plugin, and finds its calls by that name; the admin usage counts them.
        var logged = await app.Services.GetRequiredService<AdminRequestLog>().SearchAsync(admin, new AdminRequestFilter(Credential: name), 0, 10);
        var query = Assert.Single(logged.Items, r => r.Path == "/api/query");
        Assert.Equal($"plugin {name} ({plugin.ClientId})", query.CredentialText);
        Assert.True(query.IsPlugin);
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var usage = await app.Services.GetRequiredService<AdminUsage>().PlatformAsync(admin,
            new UsageQuery("", now.AddDays(-1), now.AddHours(1), UsageCredential.OAuthClient(plugin.ClientId)));
        Assert.Equal(1, Assert.Single(usage.TopEndpoints, e => e.Name.StartsWith("POST /api/query", StringComparison.Ordinal)).Count);
        Assert.Equal(PluginState.Running, (await Plugins.GetAsync(admin, plugin.Id)).Plugin!.Status.State);
        await Plugins.DeleteAsync(admin, plugin.Id);
    }
}
