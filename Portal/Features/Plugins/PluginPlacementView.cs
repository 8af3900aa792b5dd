namespace Notarial.Portal.Features.Plugins;

/// <summary>
/// Where the plugins run, for the admin tab: here, or on <see cref="Runner"/> (null when no instance holds them or it
/// is not known); <see cref="SupervisorOff"/> when this instance never runs plugins (<c>Plugins:RunSupervisor</c> off).
/// </summary>
public sealed record PluginPlacementView(bool Here, string ThisInstance, string? Runner, bool SupervisorOff);
