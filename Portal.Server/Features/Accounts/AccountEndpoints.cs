using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Server.Features.Accounts;

public static class AccountEndpoints
{
    /// <summary>Endpoints the account pages post to that are not pages themselves: sign-out.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/account").ExcludeFromDescription();

        // A POST with antiforgery (a form field), never a link: a GET sign-out can be triggered by any page on the web.
        account.MapPost("/logout", async (HttpContext context, SignInManager<PortalUser> signInManager, UserManager<PortalUser> users,
            SecurityEventLog events, [FromForm] string? returnUrl) =>
        {
            var userId = users.GetUserId(context.User);
            await signInManager.SignOutAsync();
            if (userId is not null)
            {
                await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.SignedOut, userId, SubjectUserId: userId, Origin: RequestOrigin.From(context)));
            }

            var target = string.IsNullOrEmpty(returnUrl) || !returnUrl.StartsWith('/') || returnUrl.StartsWith("//", StringComparison.Ordinal) || returnUrl.StartsWith("/\\", StringComparison.Ordinal)
                ? "/"
                : returnUrl;
            return TypedResults.LocalRedirect(target);
        });

        return endpoints;
    }
}
