namespace Notarial.Portal.Features.Applications;

/// <summary>
/// The names of an application's fields as the management API spells them. Field errors carry these names, so the API
/// lists them in <c>validation_failed</c> and the portal's form puts each message next to its input.
/// </summary>
public static class ApplicationFields
{
    public const string Name = "name";
    public const string Description = "description";
    public const string HomepageUrl = "homepage_url";
    public const string LogoUrl = "logo_url";
    public const string Type = "type";
    public const string Environment = "environment";
    public const string RedirectUris = "redirect_uris";
    public const string PostLogoutRedirectUris = "post_logout_redirect_uris";
    public const string Scopes = "scopes";
    public const string Grace = "grace";

    /// <summary>One entry of a list field: <c>redirect_uris[2]</c>.</summary>
    public static string Item(string list, int index) => $"{list}[{index}]";
}
