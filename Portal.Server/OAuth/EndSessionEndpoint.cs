using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Primitives;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Security;
using OpenIddict.Server.AspNetCore;

namespace Notarial.Portal.Server.OAuth;

/// <summary>
/// RP-initiated logout. A GET shows a confirmation page (a link on any site must not be able to sign someone out); its
/// form posts back here, and the user is signed out and sent to the application's registered post-logout URI.
/// </summary>
public static class EndSessionEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, SignInManager<PortalUser> signIn, UserManager<PortalUser> users,
        IAntiforgery antiforgery, SecurityEventLog events)
    {
        var confirmed = context.Request.HasFormContentType && context.Request.Form["confirm"] == "yes" && await antiforgery.IsRequestValidAsync(context);
        if (!confirmed)
        {
            var parameters = (context.Request.HasFormContentType ? (IEnumerable<KeyValuePair<string, StringValues>>)context.Request.Form : context.Request.Query)
                .Where(p => p.Key is not ("confirm" or "__RequestVerificationToken"));
            return Results.Redirect(context.Request.PathBase + "/account/logout-confirm" + QueryString.Create(parameters));
        }

        var userId = users.GetUserId(context.User);
        await signIn.SignOutAsync();
        if (userId is not null)
        {
            await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.SignedOut, userId, SubjectUserId: userId, Details: "OpenID Connect logout",
                Origin: RequestOrigin.From(context)));
        }

        // OpenIddict redirects to post_logout_redirect_uri when it is registered for the client, else to the portal.
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
