using Notarial.Portal.Tests.Samples;

namespace Notarial.Portal.Tests.Features.Plugins;

/// <summary>
/// Seed 002's TypeScript plugin sample (<c>Samples/seed002/plugin.ts</c>, the seed's text unchanged) installed in a
/// plugins folder: transpiled with tsc to <c>plugin.js</c>, beside a two-line host script (<c>run.js</c>) that loads the
/// module and calls the <c>pluginFunction</c> it exports, as a plugin host would, then stays up.
/// </summary>
public static class SeedSamplePlugin
{
    private const string Host = """
        #!/usr/bin/env node
        // The plugin host's side of seed 002's contract: load the plugin module and call the function it exports.
        require('./plugin.js').pluginFunction().then(() => setInterval(() => {}, 1 << 30), e => { console.error(String(e)); process.exit(1); });
        """;

    /// <summary>Installs the sample under <paramref name="pluginsFolder"/>/<paramref name="folder"/>; returns the
    /// executable to register, relative to the plugins folder.</summary>
    public static async Task<string> InstallTypeScriptAsync(string pluginsFolder, string folder)
    {
        using var runner = new SampleRunner();
        runner.WriteFile("plugin.ts", SampleRunner.Read("seed002/plugin.ts"));
        var tsc = Path.Combine(runner.SamplesDirectory, "node_modules", ".bin", "tsc");
        Assert.True(File.Exists(tsc), "The TypeScript compiler is not installed: run 'npm ci' in Portal.Tests/Samples (test.sh does).");
        var compiled = await runner.RunAsync(tsc, ["--target", "es2022", "--module", "commonjs", "--lib", "es2022,dom", "--types", "node",
            "--esModuleInterop", "--skipLibCheck", "--strict", "false", "--outDir", "out", "plugin.ts"]);
        Assert.True(compiled.ExitCode == 0, compiled.ToString());
        Directory.CreateDirectory(Path.Combine(pluginsFolder, folder));
        File.Copy(Path.Combine(runner.WorkDirectory, "out", "plugin.js"), Path.Combine(pluginsFolder, folder, "plugin.js"));
        PluginFiles.Write(pluginsFolder, $"{folder}/run.js", Host);
        return $"{folder}/run.js";
    }
}
