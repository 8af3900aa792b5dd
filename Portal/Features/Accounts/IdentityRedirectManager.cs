using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;

namespace Notarial.Portal.Features.Accounts;

/// <summary>
/// Redirects of the static account pages. Only local URLs are followed: a returnUrl pointing elsewhere is reduced to a
/// path on this site, which is what keeps returnUrl from becoming an open redirect.
/// </summary>
public sealed class IdentityRedirectManager(NavigationManager navigation)
{
    public const string StatusCookieName = "np-status";

    private static readonly CookieBuilder StatusCookie = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(10),
    };

    public void RedirectTo(string? uri) => navigation.NavigateTo(MakeLocal(uri));

    public void RedirectTo(string uri, Dictionary<string, object?> query)
    {
        var withoutQuery = navigation.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path);
        RedirectTo(navigation.GetUriWithQueryParameters(withoutQuery, query));
    }

    /// <summary>Redirects and shows <paramref name="message"/> once on the next page (see <see cref="TakeStatus"/>).</summary>
    public void RedirectToWithStatus(string uri, string message, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookie.Build(context));
        RedirectTo(uri);
    }

    public void RedirectToCurrentPageWithStatus(string message, HttpContext context) =>
        RedirectToWithStatus(navigation.ToAbsoluteUri(navigation.Uri).GetLeftPart(UriPartial.Path), message, context);

    /// <summary>Reads and clears the one-time status message left by the previous page.</summary>
    public static string? TakeStatus(HttpContext context)
    {
        var message = context.Request.Cookies[StatusCookieName];
        if (message is not null)
        {
            context.Response.Cookies.Delete(StatusCookieName);
        }

        return message;
    }

    /// <summary>A site-relative form of <paramref name="uri"/>: absolute or protocol-relative URLs to other hosts become
    /// paths on this site.</summary>
    public string MakeLocal(string? uri)
    {
        uri ??= "";
        if (uri.StartsWith("//", StringComparison.Ordinal) || uri.StartsWith("/\\", StringComparison.Ordinal) || uri.Contains('\\', StringComparison.Ordinal))
        {
            return "";
        }

        if (Uri.IsWellFormedUriString(uri, UriKind.Relative))
        {
            return uri;
        }

        // Absolute: keep it only if it points at this site, as a base-relative path.
        return Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && navigation.BaseUri is { } baseUri &&
               absolute.AbsoluteUri.StartsWith(baseUri, StringComparison.OrdinalIgnoreCase)
            ? navigation.ToBaseRelativePath(absolute.AbsoluteUri)
            : "";
    }
}
