namespace Notarial.Portal.Features.Applications;

/// <summary>
/// What a developer asks to register, as typed (in the portal's form or the management API's body): nothing is trusted
/// until <see cref="ApplicationRules.Validate"/> has read it. <see cref="Type"/> is the kind's API name (web, spa,
/// machine); <see cref="Environment"/> is live or test (live when left out).
/// </summary>
public sealed record ApplicationDraft(
    string? Name,
    string? Type,
    string? Description = null,
    string? HomepageUrl = null,
    string? LogoUrl = null,
    IReadOnlyList<string?>? RedirectUris = null,
    IReadOnlyList<string?>? PostLogoutRedirectUris = null,
    IReadOnlyList<string?>? Scopes = null,
    string? Environment = null);
