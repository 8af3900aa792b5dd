namespace Notarial.Portal.Features.Plugins;

/// <summary>
/// Decides whether this instance runs the plugins. One instance (the default) always does; with several instances
/// exactly one should, for example the holder of a lease — the supervisor asks before every pass and stops its
/// plugins when the answer turns to no.
/// </summary>
public interface IPluginPlacement
{
    ValueTask<bool> ShouldRunPluginsHereAsync(CancellationToken cancellationToken);
}
