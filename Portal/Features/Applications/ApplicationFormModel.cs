using Notarial.Portal.Features.OAuth;
using Notarial.Portal.Features.Platform;

namespace Notarial.Portal.Features.Applications;

/// <summary>
/// What the portal's application form edits. Switching the type keeps the redirect URIs typed so far; only the fields
/// of the chosen type are sent (<see cref="ToDraft"/>).
/// </summary>
public sealed class ApplicationFormModel
{
    public ApplicationKind Kind { get; set; } = ApplicationKind.WebApp;

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public string? HomepageUrl { get; set; }

    public string? LogoUrl { get; set; }

    public string Environment { get; set; } = PlatformEnvironments.Live;

    public List<string> RedirectUris { get; set; } = [""];

    public List<string> PostLogoutRedirectUris { get; set; } = [];

    public HashSet<string> Scopes { get; } = new(StringComparer.Ordinal);

    public bool SignsUsersIn => ApplicationKinds.SignsUsersIn(Kind);

    /// <summary>The form filled with an application's current settings.</summary>
    public static ApplicationFormModel For(ApplicationView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var model = new ApplicationFormModel
        {
            Kind = view.Kind,
            Name = view.Name,
            Description = view.Description,
            HomepageUrl = view.HomepageUrl,
            LogoUrl = view.LogoUrl,
            Environment = view.Environment,
            RedirectUris = [.. view.RedirectUris],
            PostLogoutRedirectUris = [.. view.PostLogoutRedirectUris],
        };
        model.Scopes.UnionWith(view.Scopes);
        return model;
    }

    public ApplicationDraft ToDraft() => new(
        Name, ApplicationKinds.ApiName(Kind), Description, HomepageUrl, LogoUrl,
        SignsUsersIn ? [.. RedirectUris] : [], SignsUsersIn ? [.. PostLogoutRedirectUris] : [],
        [.. Scopes.Order(StringComparer.Ordinal)], Environment);

    /// <summary>Every editable field, as a change (empty optional fields clear the stored value).</summary>
    public ApplicationChanges ToChanges() => new(
        Name, Description ?? "", HomepageUrl ?? "", LogoUrl ?? "",
        SignsUsersIn ? [.. RedirectUris] : null, SignsUsersIn ? [.. PostLogoutRedirectUris] : null,
        [.. Scopes.Order(StringComparer.Ordinal)]);
}
