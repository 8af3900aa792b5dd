using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.OAuth;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Scopes;

namespace Notarial.Portal.Features.Applications;

/// <summary>
/// The rules an application's fields follow, the same for the portal's form and the management API. They need no
/// database: the service adds what does (a name already used by the developer, scopes beyond the caller's rights).
/// </summary>
public static class ApplicationRules
{
    public const int NameMaxLength = 100;
    public const int DescriptionMaxLength = 1000;
    public const int UrlMaxLength = 2000;

    /// <summary>
    /// Checks a draft. When it holds, <paramref name="spec"/> is the application to register for
    /// <paramref name="ownerId"/>: trimmed, with the scopes known to the catalog and the kind's fields only.
    /// </summary>
    public static IReadOnlyList<FieldError> Validate(ApplicationDraft draft, string? ownerId, out OAuthClientSpec? spec)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = new List<FieldError>();
        spec = null;

        var name = draft.Name?.Trim() ?? "";
        if (NameProblem(name) is { } nameProblem)
        {
            errors.Add(new FieldError(ApplicationFields.Name, nameProblem));
        }

        var description = Optional(draft.Description);
        if (description?.Length > DescriptionMaxLength)
        {
            errors.Add(new FieldError(ApplicationFields.Description, $"Use at most {DescriptionMaxLength:N0} characters."));
        }

        var homepage = Optional(draft.HomepageUrl);
        if (homepage is not null && WebUrlProblem(homepage) is { } homepageProblem)
        {
            errors.Add(new FieldError(ApplicationFields.HomepageUrl, homepageProblem));
        }

        var logo = Optional(draft.LogoUrl);
        if (logo is not null && WebUrlProblem(logo) is { } logoProblem)
        {
            errors.Add(new FieldError(ApplicationFields.LogoUrl, logoProblem));
        }

        var environment = Optional(draft.Environment)?.ToLowerInvariant() ?? PlatformEnvironments.Live;
        if (environment is not (PlatformEnvironments.Live or PlatformEnvironments.Test))
        {
            errors.Add(new FieldError(ApplicationFields.Environment, "Choose live or test."));
        }

        if (!ApplicationKinds.TryParse(draft.Type, out var kind))
        {
            errors.Add(new FieldError(ApplicationFields.Type, string.IsNullOrWhiteSpace(draft.Type)
                ? "Choose the type of application: web, spa (single-page or native) or machine."
                : "Choose web, spa (single-page or native) or machine. Plugin applications are provisioned by the platform."));
            return errors;
        }

        var redirects = CheckRedirectUris(kind, ApplicationFields.RedirectUris, draft.RedirectUris, required: true, errors);
        var postLogout = CheckRedirectUris(kind, ApplicationFields.PostLogoutRedirectUris, draft.PostLogoutRedirectUris, required: false, errors);
        var scopes = CheckScopes(kind, draft.Scopes, errors);

        if (errors.Count == 0)
        {
            spec = new OAuthClientSpec(name, kind, ownerId, scopes, redirects, postLogout, environment, description, homepage, logo);
        }

        return errors;
    }

    /// <summary>Why a name cannot be used, or null.</summary>
    public static string? NameProblem(string name)
    {
        if (name.Length == 0)
        {
            return "Enter a name: your users see it when your app asks for access.";
        }

        if (name.Length > NameMaxLength)
        {
            return $"Use at most {NameMaxLength} characters.";
        }

        return name.Any(char.IsControl) ? "Remove the line breaks and control characters." : null;
    }

    /// <summary>A homepage or logo address: absolute https (http only on loopback hosts), shown to users as a link or image.</summary>
    private static string? WebUrlProblem(string value)
    {
        if (value.Length > UrlMaxLength)
        {
            return $"Use at most {UrlMaxLength:N0} characters.";
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !value.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase) ||
            !uri.IsWellFormedOriginalString() || value.Any(char.IsWhiteSpace) || uri.Host.Length == 0 ||
            (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "Enter a full https address, such as https://example.com.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "Remove the user name or password (user@) from the address.";
        }

        return uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback ? "Use https (http only for localhost)." : null;
    }

    private static List<Uri> CheckRedirectUris(ApplicationKind kind, string field, IReadOnlyList<string?>? values, bool required, List<FieldError> errors)
    {
        values ??= [];
        if (!ApplicationKinds.SignsUsersIn(kind))
        {
            if (values.Count > 0)
            {
                errors.Add(new FieldError(field, "Machine-to-machine applications do not sign users in, so they have no redirect URIs."));
            }

            return [];
        }

        if (values.Count > RedirectUriValidator.MaxCount)
        {
            errors.Add(new FieldError(field, $"Register at most {RedirectUriValidator.MaxCount} URIs."));
            return [];
        }

        if (required && values.Count == 0)
        {
            errors.Add(new FieldError(field, "Add at least one redirect URI: after signing in, users are sent back there with the code."));
            return [];
        }

        var uris = new List<Uri>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i]?.Trim();
            if (RedirectUriValidator.Check(value, allowCustomScheme: kind == ApplicationKind.SinglePage) is { } problem)
            {
                errors.Add(new FieldError(ApplicationFields.Item(field, i), problem));
            }
            else if (!seen.Add(value!))
            {
                errors.Add(new FieldError(ApplicationFields.Item(field, i), "This URI is already in the list."));
            }
            else
            {
                uris.Add(new Uri(value!, UriKind.Absolute));
            }
        }

        return uris;
    }

    private static List<string> CheckScopes(ApplicationKind kind, IReadOnlyList<string?>? values, List<FieldError> errors)
    {
        values ??= [];
        var scopes = new List<string>();
        var unknown = new List<string>();
        var openId = false;
        foreach (var raw in values.Take(100))
        {
            // Seed 003's spellings (read:users, write:projects, admin:all) are read as the catalog's names.
            var scope = ScopeCatalog.Canonical(raw?.Trim() ?? "");
            var definition = ScopeCatalog.Find(scope);
            if (definition is null)
            {
                unknown.Add(scope.Length > 40 ? scope[..40] + "…" : scope);
            }
            else if (definition.Kind == ScopeKind.OpenId)
            {
                // Apps that sign users in may always ask for the OpenID scopes; they need not be listed.
                openId = true;
            }
            else if (!scopes.Contains(scope))
            {
                scopes.Add(scope);
            }
        }

        if (values.Count > 100 || unknown.Count > 0)
        {
            errors.Add(new FieldError(ApplicationFields.Scopes, values.Count > 100
                ? "Pick at most 100 scopes."
                : $"Not a scope of this platform: {string.Join(", ", unknown.Select(u => $"'{u}'"))}. See the scope list in the docs."));
        }
        else if (openId && !ApplicationKinds.SignsUsersIn(kind))
        {
            errors.Add(new FieldError(ApplicationFields.Scopes, "openid, profile, email and offline_access are for applications that sign users in."));
        }
        else if (scopes.Count == 0 && kind == ApplicationKind.Machine)
        {
            errors.Add(new FieldError(ApplicationFields.Scopes, "Pick at least one scope: a machine client's tokens carry only the scopes picked here."));
        }

        return scopes;
    }

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
