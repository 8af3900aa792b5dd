using System.ComponentModel.DataAnnotations;

namespace Notarial.Portal;

/// <summary>Settings of the portal as a whole (section "Portal").</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Folder for the SQLite file, the mail pickup folder and the Data Protection key ring.
    /// Relative paths are resolved against the host's content root.</summary>
    [Required]
    public string DataDirectory { get; set; } = "App_Data";

    /// <summary>Product name shown in the UI and in mails.</summary>
    [Required]
    public string ProductName { get; set; } = "Notarial Developer Portal";
}
