namespace Notarial.Portal.Features.Plugins;

/// <summary>A plugin declared in configuration.</summary>
public sealed class DeclaredPlugin
{
    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public string Executable { get; set; } = "";

    public List<string> Arguments { get; set; } = [];

    public List<string> Scopes { get; set; } = [];

    public string Environment { get; set; } = Platform.PlatformEnvironments.Live;

    public List<string> PassVariables { get; set; } = [];

    public bool Enabled { get; set; } = true;
}
