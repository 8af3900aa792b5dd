namespace Notarial.Portal.Features.Accounts;

/// <summary>The first admin (section "Bootstrap"), created at start when no admin exists.</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }
}
