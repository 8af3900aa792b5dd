using System.ComponentModel.DataAnnotations;

namespace Notarial.Portal.Features.Plugins;

/// <summary>Settings of the plugin supervisor (section <c>Plugins</c>).</summary>
public sealed class PluginOptions
{
    public const string Section = "Plugins";

    /// <summary>The folder every plugin executable must lie in; relative to the data directory. Default "plugins".</summary>
    [Required]
    public string Directory { get; set; } = "plugins";

    /// <summary>The API_BASE_URL plugins receive; unset means the address this server listens on (http preferred).</summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>Whether this instance runs plugins at all (off in tools and some tests).</summary>
    public bool RunSupervisor { get; set; } = true;

    /// <summary>How long a plugin has to exit after SIGTERM before it is killed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The wait before the first restart of a plugin that exited; doubled on each further exit.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A plugin that ran this long before exiting starts its backoff afresh.</summary>
    public TimeSpan StableAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the supervisor looks at the clock and the database (real time) when nothing wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Plugins an operator ships with the deployment (<c>Plugins:Items:0:Name</c>, ...); read-only in the portal.</summary>
    public List<DeclaredPlugin> Items { get; set; } = [];
}
