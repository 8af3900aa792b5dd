namespace Notarial.Portal.Features.Accounts;

/// <summary>The portal's roles. Everyone is a Developer; Support and Admin are given by an admin.</summary>
public static class PortalRoles
{
    public const string Developer = "Developer";
    public const string Support = "Support";
    public const string Admin = "Admin";

    /// <summary>For [Authorize(Roles = ...)] on the admin area.</summary>
    public const string SupportOrAdmin = Support + "," + Admin;

    public static IReadOnlyList<string> All { get; } = [Developer, Support, Admin];
}
