namespace Notarial.Portal.Features.Plugins;

/// <summary>Where a plugin's process stands on this instance.</summary>
public enum PluginState
{
    /// <summary>Enabled but not started yet (the supervisor starts it within a moment).</summary>
    Pending,
    Running,

    /// <summary>Exited or could not start; started again at <see cref="PluginStatus.NextStartAt"/>.</summary>
    Waiting,

    /// <summary>Stopped by an admin; started again by the start or restart button.</summary>
    Stopped,
    Disabled,

    /// <summary>This instance does not run plugins (another one does).</summary>
    Elsewhere,
}
