using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Notarial.Portal.Features.Accounts;

/// <summary>Absolute links into the account pages, built on the base URL the user reached the portal at.</summary>
public sealed class AccountLinks(Uri baseUri)
{
    public const string LoginPath = "account/login";
    public const string ConfirmEmailPath = "account/confirm-email";
    public const string ResetPasswordPath = "account/reset-password";
    public const string ForgotPasswordPath = "account/forgot-password";
    public const string ConfirmEmailChangePath = "account/confirm-email-change";

    public string Login => new Uri(baseUri, LoginPath).AbsoluteUri;

    public string ForgotPassword => new Uri(baseUri, ForgotPasswordPath).AbsoluteUri;

    public string ConfirmEmail(string userId, string token) =>
        Build(ConfirmEmailPath, ("userId", userId), ("code", Encode(token)));

    public string ResetPassword(string userId, string token) =>
        Build(ResetPasswordPath, ("userId", userId), ("code", Encode(token)));

    public string ConfirmEmailChange(string userId, string email, string token) =>
        Build(ConfirmEmailChangePath, ("userId", userId), ("email", email), ("code", Encode(token)));

    /// <summary>Identity tokens travel base64url-encoded in links.</summary>
    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    /// <summary>Decodes a link's code; null when it was tampered with.</summary>
    public static string? Decode(string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 4096)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private string Build(string path, params (string Name, string Value)[] query)
    {
        var url = new Uri(baseUri, path).AbsoluteUri;
        foreach (var (name, value) in query)
        {
            url = QueryHelpers.AddQueryString(url, name, value);
        }

        return url;
    }
}
