namespace Notarial.Portal.Features.Plugins;

/// <summary>A single instance runs every plugin.</summary>
public sealed class SingleInstancePluginPlacement : IPluginPlacement
{
    public ValueTask<bool> ShouldRunPluginsHereAsync(CancellationToken cancellationToken) => ValueTask.FromResult(true);
}
