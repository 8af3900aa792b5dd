namespace Notarial.Portal.Features.Plugins;

/// <summary>A plugin's process as the admin tab shows it.</summary>
public sealed record PluginStatus(
    PluginState State,
    DateTimeOffset? RunningSince = null,
    int? ProcessId = null,
    int? LastExitCode = null,
    DateTimeOffset? LastExitAt = null,
    int RestartCount = 0,
    DateTimeOffset? NextStartAt = null,
    string? Problem = null)
{
    public static PluginStatus Pending { get; } = new(PluginState.Pending);
}
