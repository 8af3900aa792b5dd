namespace Notarial.Portal.Features.Plugins;

/// <summary>
/// Decides whether this instance runs the plugins. One instance always does; with several instances exactly one
/// should, the holder of a lease (<see cref="LeasePluginPlacement"/>, the default) — the supervisor asks before every
/// pass and stops its plugins when the answer turns to no.
/// </summary>
public interface IPluginPlacement
{
    ValueTask<bool> ShouldRunPluginsHereAsync(CancellationToken cancellationToken);

    /// <summary>The instance that runs the plugins now, as people know it, or null when none does or it is not known.</summary>
    ValueTask<string?> RunnerAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
}
