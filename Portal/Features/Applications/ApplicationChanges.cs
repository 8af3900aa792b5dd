namespace Notarial.Portal.Features.Applications;

/// <summary>
/// A change to an application (the management API's PATCH, the portal's edit form): null leaves a field as it is; an
/// empty string clears an optional text field; a list replaces the whole list. The type and environment are chosen at
/// registration: they may be repeated, not changed. <see cref="Disabled"/> disables or enables the application.
/// </summary>
public sealed record ApplicationChanges(
    string? Name = null,
    string? Description = null,
    string? HomepageUrl = null,
    string? LogoUrl = null,
    IReadOnlyList<string?>? RedirectUris = null,
    IReadOnlyList<string?>? PostLogoutRedirectUris = null,
    IReadOnlyList<string?>? Scopes = null,
    string? Type = null,
    string? Environment = null,
    bool? Disabled = null);
