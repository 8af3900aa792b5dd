namespace Notarial.Portal.Features.Plugins;

/// <summary>What an admin enters to register or change a plugin. Arguments: one per line. Variables: names separated by spaces or commas.</summary>
public sealed record PluginDraft(
    string? Name,
    string? Description,
    string? Executable,
    string? Arguments,
    IReadOnlyList<string>? Scopes,
    string? Environment,
    string? PassVariables,
    bool Enabled = true);
