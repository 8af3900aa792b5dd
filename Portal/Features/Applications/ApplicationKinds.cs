using Notarial.Portal.Features.OAuth;

namespace Notarial.Portal.Features.Applications;

/// <summary>What each kind of application is called, what it is for, and its name in the management API.</summary>
public static class ApplicationKinds
{
    /// <summary>The kinds a developer registers (plugins are provisioned by the system).</summary>
    public static IReadOnlyList<ApplicationKind> Registrable { get; } = [ApplicationKind.WebApp, ApplicationKind.SinglePage, ApplicationKind.Machine];

    public static string Title(ApplicationKind kind) => kind switch
    {
        ApplicationKind.WebApp => "Web app",
        ApplicationKind.SinglePage => "Single-page or native app",
        ApplicationKind.Machine => "Machine-to-machine",
        _ => "Plugin",
    };

    /// <summary>One sentence a developer reads when choosing the kind.</summary>
    public static string Summary(ApplicationKind kind) => kind switch
    {
        ApplicationKind.WebApp =>
            "A server-side app that signs users in. It keeps a client secret and uses the authorization code flow with PKCE and refresh tokens.",
        ApplicationKind.SinglePage =>
            "Runs in the browser or on a device, so it cannot keep a secret. A public client: authorization code with PKCE (required) and refresh tokens.",
        ApplicationKind.Machine =>
            "A server, job or script that calls the API for your own account, with no user signing in. It keeps a client secret and uses client credentials.",
        _ => "Provisioned by the platform for a plugin.",
    };

    /// <summary>The kind's name in the management API: web, spa, machine (plugin).</summary>
    public static string ApiName(ApplicationKind kind) => kind switch
    {
        ApplicationKind.WebApp => "web",
        ApplicationKind.SinglePage => "spa",
        ApplicationKind.Machine => "machine",
        _ => "plugin",
    };

    /// <summary>Reads a kind a developer may register; "native" is another name for "spa".</summary>
    public static bool TryParse(string? value, out ApplicationKind kind)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "web" or "web_app":
                kind = ApplicationKind.WebApp;
                return true;
            case "spa" or "native" or "single_page":
                kind = ApplicationKind.SinglePage;
                return true;
            case "machine" or "m2m":
                kind = ApplicationKind.Machine;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    /// <summary>Whether the kind keeps a client secret.</summary>
    public static bool IsConfidential(ApplicationKind kind) => kind != ApplicationKind.SinglePage;

    /// <summary>Whether the kind signs users in (and so has redirect URIs).</summary>
    public static bool SignsUsersIn(ApplicationKind kind) => kind is ApplicationKind.WebApp or ApplicationKind.SinglePage;
}
