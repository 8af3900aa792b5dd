using Microsoft.AspNetCore.Hosting;

namespace Notarial.Portal.Tests.Features.Plugins;

/// <summary>
/// A portal whose supervisor looks often (100 ms) and waits a minute before restarting a plugin that exited, so
/// restarts happen only when a test moves the clock; a plugin that ignores SIGTERM is killed after a second.
/// </summary>
public sealed class PluginPortalApp : PortalApp
{
    public static readonly TimeSpan Backoff = TimeSpan.FromMinutes(1);

    public const string DeclaredName = "Declared nightly sync";

    public string PluginsFolder => Path.Combine(DataDirectory, "plugins");

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Plugins:PollInterval", "00:00:00.100");
        builder.UseSetting("Plugins:InitialBackoff", "00:01:00");
        builder.UseSetting("Plugins:MaxBackoff", "00:30:00");
        builder.UseSetting("Plugins:StopTimeout", "00:00:01");

        // An operator's plugin shipped with the deployment (its file is not there: it waits, with a clear status).
        builder.UseSetting("Plugins:Items:0:Name", DeclaredName);
        builder.UseSetting("Plugins:Items:0:Executable", "declared/run.sh");
        builder.UseSetting("Plugins:Items:0:Arguments:0", "--once");
        builder.UseSetting("Plugins:Items:0:Scopes:0", "products:read");
        builder.UseSetting("Plugins:Items:0:Environment", "test");

        // One that breaks the rules is skipped, not half-applied.
        builder.UseSetting("Plugins:Items:1:Name", "Escaping");
        builder.UseSetting("Plugins:Items:1:Executable", "../../bin/sh");
        builder.UseSetting("Plugins:Items:1:Scopes:0", "read");
    }
}

[CollectionDefinition(Name)]
public sealed class PluginCollection : ICollectionFixture<PluginPortalApp>
{
    public const string Name = "plugins";
}
