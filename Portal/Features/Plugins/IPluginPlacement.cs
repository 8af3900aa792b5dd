namespace Notarial.Portal.Features.Plugins;

/// <summary>
/// Decides whether this instance runs the plugins: exactly one instance should (the default,
/// <see cref="LeasedPluginPlacement"/>, says yes on the holder of the plugins lease) — the supervisor asks before every
/// pass and stops its plugins when the answer turns to no.
/// </summary>
public interface IPluginPlacement
{
    ValueTask<bool> ShouldRunPluginsHereAsync(CancellationToken cancellationToken);

    /// <summary>The instance that runs the plugins now, as people know it, or null when none does or it is not known.</summary>
    ValueTask<string?> RunnerAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
}
