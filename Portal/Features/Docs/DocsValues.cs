namespace Notarial.Portal.Features.Docs;

/// <summary>
/// What the guides' samples are filled with for one reader: the portal's base URL and, when signed in, the reader's own
/// client ids, redirect URIs and key hints. Never a secret: samples read keys and client secrets from environment
/// variables. Signed out, every personal value is a placeholder.
/// </summary>
public sealed class DocsValues
{
    public const string ApiKeyVariable = "NOTARIAL_API_KEY";
    public const string ClientSecretVariable = "NOTARIAL_CLIENT_SECRET";

    private readonly Dictionary<string, string> _values;

    private DocsValues(bool signedIn, Dictionary<string, string> values)
    {
        SignedIn = signedIn;
        _values = values;
    }

    public bool SignedIn { get; }

    public string? Find(string name) => _values.GetValueOrDefault(name);

    /// <summary>The values for a reader who is not signed in: the base URL and placeholders.</summary>
    public static DocsValues Anonymous(string baseUri) => new(false, Defaults(baseUri));

    public static DocsValues For(string baseUri, DocsReader reader)
    {
        var values = Defaults(baseUri);
        if (reader.ApiKeyHint is { } hint)
        {
            values["api_key_hint"] = hint;
            values["api_key_name"] = reader.ApiKeyName ?? "your key";
        }

        Set(values, "web", reader.WebApp);
        Set(values, "spa", reader.SinglePageApp);
        Set(values, "machine", reader.MachineApp);
        return new DocsValues(true, values);
    }

    private static void Set(Dictionary<string, string> values, string prefix, DocsReaderApp? app)
    {
        if (app is null)
        {
            return;
        }

        values[prefix + "_client_id"] = app.ClientId;
        values[prefix + "_app_name"] = app.Name;
        if (app.RedirectUri is { } redirect)
        {
            values[prefix + "_redirect_uri"] = redirect;
        }

        if (app.Scopes.Count > 0)
        {
            values[prefix + "_scopes"] = string.Join(' ', app.Scopes);
        }
    }

    private static Dictionary<string, string> Defaults(string baseUri) => new(StringComparer.Ordinal)
    {
        ["base"] = baseUri.TrimEnd('/'),
        ["api_key_variable"] = ApiKeyVariable,
        ["client_secret_variable"] = ClientSecretVariable,
        ["api_key_hint"] = "notary_test_…",
        ["api_key_name"] = "your key",
        ["web_client_id"] = "YOUR_WEB_CLIENT_ID",
        ["web_app_name"] = "your web app",
        ["web_redirect_uri"] = "https://app.example.com/callback",
        ["web_scopes"] = "orders:read",
        ["spa_client_id"] = "YOUR_SPA_CLIENT_ID",
        ["spa_app_name"] = "your single-page app",
        ["spa_redirect_uri"] = "http://127.0.0.1:5173/callback",
        ["spa_scopes"] = "orders:read",
        ["machine_client_id"] = "YOUR_CLIENT_ID",
        ["machine_app_name"] = "your machine-to-machine app",
        ["machine_scopes"] = "orders:read",
    };
}

/// <summary>The reader's own credentials as the docs mention them: names, ids and hints only.</summary>
public sealed record DocsReader(string? ApiKeyName, string? ApiKeyHint, DocsReaderApp? WebApp, DocsReaderApp? SinglePageApp, DocsReaderApp? MachineApp);

public sealed record DocsReaderApp(string Name, string ClientId, string? RedirectUri, IReadOnlyList<string> Scopes);
