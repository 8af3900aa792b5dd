namespace Notarial.Portal.Features.Plugins;

/// <summary>A plugin as the admin tab shows it, with its process's status on this instance.</summary>
public sealed record PluginView(
    Guid Id,
    string Name,
    string? Description,
    string Executable,
    IReadOnlyList<string> Arguments,
    IReadOnlyList<string> Scopes,
    string Environment,
    IReadOnlyList<string> PassVariables,
    bool Enabled,
    bool Declared,
    string ClientId,
    string ApplicationId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    PluginStatus Status)
{
    public PluginDraft ToDraft() =>
        new(Name, Description, Executable, string.Join('\n', Arguments), Scopes, Environment, string.Join(' ', PassVariables), Enabled);
}
