namespace Notarial.Portal.Server.Features.Edge;

/// <summary>How the process meets the network (section "Edge").</summary>
public sealed class EdgeOptions
{
    public const string Section = "Edge";

    /// <summary>Redirect http to https and send HSTS. Defaults to on outside Development.</summary>
    public bool? RequireHttps { get; set; }
}
