namespace Notarial.Portal.Features.Accounts;

public static class PortalClaimTypes
{
    /// <summary>The user's display name, added to the sign-in cookie for the app bar.</summary>
    public const string DisplayName = "display_name";
}
