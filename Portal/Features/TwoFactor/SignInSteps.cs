using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Notarial.Portal.Features.Accounts;

namespace Notarial.Portal.Features.TwoFactor;

/// <summary>What the two second-factor sign-in pages share: links between them that keep the sign-in's return URL and
/// "keep me signed in" choice, and the way back to the password step.</summary>
public static class SignInSteps
{
    public const string LockedMessage = "Too many failed attempts: sign-in is paused for 15 minutes. Reset your password to sign in now.";

    /// <summary>A link to another sign-in step, carrying the return URL (made local again by the page that follows it).</summary>
    public static string Link(string path, string? returnUrl, bool rememberMe)
    {
        var query = new Dictionary<string, string?>();
        if (!string.IsNullOrEmpty(returnUrl))
        {
            query["returnUrl"] = returnUrl;
        }

        if (rememberMe)
        {
            query["rememberMe"] = "true";
        }

        return QueryHelpers.AddQueryString(path, query);
    }

    /// <summary>Back to the password step when no sign-in is waiting for its second factor (the five-minute two-factor
    /// cookie expired, or the page was opened directly).</summary>
    public static void RestartSignIn(IdentityRedirectManager redirects, string? returnUrl, HttpContext context) =>
        redirects.RedirectToWithStatus(Link(AccountLinks.LoginPath, returnUrl, rememberMe: false),
            "Enter your email and password to sign in. (A sign-in waiting for its code expires after five minutes.)", context);
}
