namespace Notarial.Portal.Features.Applications;

/// <summary>
/// The rules a redirect URI (or post-logout redirect URI) must follow before it is registered: absolute; https, or http
/// only on a loopback host; a custom scheme only for single-page and native apps; no fragment, no wildcard, no user
/// name or password; well formed, because it is compared character for character at authorize time.
/// </summary>
public static class RedirectUriValidator
{
    public const int MaxLength = 2000;

    /// <summary>How many redirect URIs (and, separately, post-logout redirect URIs) an application may have.</summary>
    public const int MaxCount = 20;

    private static readonly HashSet<string> LoopbackHosts = new(StringComparer.OrdinalIgnoreCase) { "localhost", "127.0.0.1", "[::1]" };

    // Schemes that a browser or the OS handles itself: a redirect there would leak the code or run script.
    private static readonly HashSet<string> ForbiddenSchemes = new(StringComparer.OrdinalIgnoreCase)
    {
        "javascript", "data", "file", "vbscript", "about", "blob", "filesystem", "ftp", "mailto", "tel", "sms", "ws", "wss", "urn", "view-source",
    };

    /// <summary>Why <paramref name="value"/> cannot be registered, or null when it can.</summary>
    /// <param name="allowCustomScheme">True for single-page and native apps (e.g. <c>com.example.app:/callback</c>).</param>
    public static string? Check(string? value, bool allowCustomScheme)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "Enter a URI, or remove this row.";
        }

        if (value.Length > MaxLength)
        {
            return $"Use at most {MaxLength} characters.";
        }

        if (value.Contains('*', StringComparison.Ordinal))
        {
            return "Wildcards are not allowed: register every redirect URI exactly as your app sends it.";
        }

        if (value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return "Remove the spaces (encode them as %20 if the URI needs them).";
        }

        if (value.Contains('#', StringComparison.Ordinal))
        {
            return "Remove the fragment (#…): the authorization server adds the code to the query.";
        }

        // On Unix "/callback" parses as file:///callback: the scheme must be written out.
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !value.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase))
        {
            return "Enter an absolute URI, such as https://app.example.com/callback.";
        }

        if (uri.UserInfo.Length > 0 || Authority(value).Contains('@', StringComparison.Ordinal))
        {
            return "Remove the user name or password (user@) from the URI.";
        }

        if (!uri.IsWellFormedOriginalString())
        {
            return "Percent-encode the special characters of this URI.";
        }

        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            if (uri.Host.Length == 0)
            {
                return "Enter a host name after https://.";
            }
        }
        else if (uri.Scheme == Uri.UriSchemeHttp)
        {
            if (!LoopbackHosts.Contains(uri.Host))
            {
                return "Use https. Plain http is allowed only for localhost, 127.0.0.1 and [::1].";
            }
        }
        else if (!allowCustomScheme)
        {
            return "Use https (http only for localhost). Custom schemes are for single-page and native apps.";
        }
        else if (ForbiddenSchemes.Contains(uri.Scheme))
        {
            return $"A {uri.Scheme}: URI cannot receive a redirect. Use https or your app's own scheme, such as com.example.app:/callback.";
        }

        if (HasQueryParameter(uri, "iss"))
        {
            return "Remove the iss parameter: the authorization server adds it to the redirect.";
        }

        return null;
    }

    /// <summary>The "user:pass@host:port" part of a URI with "//", else "".</summary>
    private static string Authority(string value)
    {
        var start = value.IndexOf("//", StringComparison.Ordinal);
        if (start < 0)
        {
            return "";
        }

        var rest = value[(start + 2)..];
        var end = rest.IndexOfAny(['/', '?']);
        return end < 0 ? rest : rest[..end];
    }

    private static bool HasQueryParameter(Uri uri, string name) =>
        uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Any(pair => string.Equals(Uri.UnescapeDataString(pair.Split('=', 2)[0]), name, StringComparison.OrdinalIgnoreCase));
}
