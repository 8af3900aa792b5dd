using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Notarial.Portal.Tests.Infrastructure;

/// <summary>PKCE values (RFC 7636, S256).</summary>
public sealed record Pkce(string Verifier, string Challenge)
{
    public static Pkce New()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return new Pkce(verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>
/// A user agent for the authorization code flow over plain HTTP: follows the portal's redirects to the sign-in page
/// and the consent page, fills them in as the user would, and stops at the client's redirect URI.
/// </summary>
public sealed class OAuthBrowserlessFlow(PortalApp app, TestUser user, HttpClient? client = null)
{
    public HttpClient Client { get; } = client ?? app.NewClient();

    public bool SawConsentPage { get; private set; }

    /// <summary>Gives the code for the sign-in's second step (users with 2FA); without it the flow stops at that step
    /// and returns its address.</summary>
    public Func<string>? SecondFactor { get; init; }

    public bool SawSecondFactorStep { get; private set; }

    public static string AuthorizeUrl(string clientId, Pkce? pkce, string scope = "openid profile email offline_access orders:read",
        string redirectUri = Given.RedirectUri, string state = "xyz", string? prompt = null, string method = "S256")
    {
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["response_type"] = "code",
            ["scope"] = scope,
            ["state"] = state,
        };
        if (pkce is not null)
        {
            query["code_challenge"] = method == "S256" ? pkce.Challenge : pkce.Verifier;
            query["code_challenge_method"] = method;
        }

        if (prompt is not null)
        {
            query["prompt"] = prompt;
        }

        return QueryHelpers.AddQueryString("auth/oauth/authorize", query);
    }

    /// <summary>Runs the flow from the authorize URL until the portal sends the browser to the client (returned), or
    /// answers something else (returned as the last response's Location, or throws when there is none).</summary>
    public async Task<Uri> RunAsync(string authorizeUrl, string decision = "allow")
    {
        var response = await Client.GetAsync(authorizeUrl);
        for (var hop = 0; hop < 10; hop++)
        {
            if (response.StatusCode != HttpStatusCode.Redirect && response.StatusCode != HttpStatusCode.Found)
            {
                throw new InvalidOperationException($"Expected a redirect, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            var location = response.Headers.Location!;
            var absolute = location.IsAbsoluteUri ? location : new Uri(app.BaseAddress, location);
            if (absolute.Authority != app.BaseAddress.Authority)
            {
                return absolute;
            }

            var relative = absolute.PathAndQuery.TrimStart('/');
            if (absolute.AbsolutePath == "/account/login")
            {
                response = await Client.SubmitFormAsync(relative, "login", new Dictionary<string, string>
                {
                    ["Input.Email"] = user.Email,
                    ["Input.Password"] = user.Password,
                });
            }
            else if (absolute.AbsolutePath == "/account/login-2fa")
            {
                SawSecondFactorStep = true;
                if (SecondFactor is null)
                {
                    return absolute;
                }

                response = await Client.SubmitFormAsync(relative, "login-2fa", new Dictionary<string, string> { ["Input.Code"] = SecondFactor() });
            }
            else if (absolute.AbsolutePath == "/account/consent")
            {
                SawConsentPage = true;
                response = await Client.SubmitFormToAsync(relative, "auth/oauth/authorize", new Dictionary<string, string> { ["consent"] = decision });
            }
            else
            {
                response = await Client.GetAsync(relative);
            }
        }

        throw new InvalidOperationException("Too many redirects.");
    }
}
