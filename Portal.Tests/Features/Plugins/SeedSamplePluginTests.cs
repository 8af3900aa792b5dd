using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Admin;
using Notarial.Portal.Features.Plugins;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Tests.Samples;

namespace Notarial.Portal.Tests.Features.Plugins;

/// <summary>
/// Seed 002's plugin samples, as written, run by the supervisor: the TypeScript <c>PluginApiClient</c> (transpiled with
/// tsc, its exported <c>pluginFunction</c> called by a two-line host script, as a plugin host would) and the PHP one
/// (run by php-cli from a wrapper in the folder). Each reads the three variables, gets a token for "read write" and
/// calls <c>/api/query</c>; the call is audited under the plugin's client.
/// </summary>
[Collection(PluginCollection.Name)]
public sealed class SeedSamplePluginTests(PluginPortalApp app) : IDisposable
{
    private const string Host = """
        #!/usr/bin/env node
        // The plugin host's side of seed 002's contract: load the plugin module and call the function it exports.
        require('./plugin.js').pluginFunction().then(() => setInterval(() => {}, 1 << 30), e => { console.error(String(e)); process.exit(1); });
        """;

    private readonly SampleRunner _runner = new();

    private PluginService Plugins => app.Services.GetRequiredService<PluginService>();

    [Fact]
    public async Task Seed_002_typescript_sample_runs_as_a_plugin_and_its_query_is_audited_under_its_client()
    {
        var folder = "seed002-ts-" + Guid.NewGuid().ToString("N")[..6];
        _runner.WriteFile("plugin.ts", SampleRunner.Read("seed002/plugin.ts"));
        var tsc = Path.Combine(_runner.SamplesDirectory, "node_modules", ".bin", "tsc");
        Assert.True(File.Exists(tsc), "The TypeScript compiler is not installed: run 'npm ci' in Portal.Tests/Samples (test.sh does).");
        var compiled = await _runner.RunAsync(tsc, ["--target", "es2022", "--module", "commonjs", "--lib", "es2022,dom", "--types", "node",
            "--esModuleInterop", "--skipLibCheck", "--strict", "false", "--outDir", "out", "plugin.ts"]);
        Assert.True(compiled.ExitCode == 0, compiled.ToString());
        Directory.CreateDirectory(Path.Combine(app.PluginsFolder, folder));
        File.Copy(Path.Combine(_runner.WorkDirectory, "out", "plugin.js"), Path.Combine(app.PluginsFolder, folder, "plugin.js"));
        PluginFiles.Write(app.PluginsFolder, $"{folder}/run.js", Host);

        await RunAndCheckAsync(folder, $"{folder}/run.js", "Fetched products: { products: [] }");
    }

    [Fact]
    public async Task Seed_002_php_sample_runs_as_a_plugin_and_its_query_is_audited_under_its_client()
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
        Assert.Equal(PluginState.Running, (await Plugins.GetAsync(admin, plugin.Id)).Plugin!.Status.State);
        await Plugins.DeleteAsync(admin, plugin.Id);
    }

    public void Dispose() => _runner.Dispose();
}
