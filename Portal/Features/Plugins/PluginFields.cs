namespace Notarial.Portal.Features.Plugins;

/// <summary>The names of the draft's fields, for errors shown next to them.</summary>
public static class PluginFields
{
    public const string Name = "name";
    public const string Description = "description";
    public const string Executable = "executable";
    public const string Arguments = "arguments";
    public const string Scopes = "scopes";
    public const string Environment = "environment";
    public const string PassVariables = "passVariables";
}
