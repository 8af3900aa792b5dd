namespace Notarial.Portal.Features.Plugins;

/// <summary>A draft checked and tidied: what is stored.</summary>
public sealed record PluginSpec(string Name, string? Description, string Executable, IReadOnlyList<string> Arguments, IReadOnlyList<string> Scopes,
    string Environment, IReadOnlyList<string> PassVariables, bool Enabled);
