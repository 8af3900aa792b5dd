using Microsoft.AspNetCore;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Notarial.Portal.Server.OAuth.Handlers;

/// <summary>
/// An authorization request whose error cannot be sent back to the client (unknown client, unregistered redirect URI)
/// is explained to the person on a page of the portal — never redirected. Errors that can be returned to a validated
/// redirect URI (access_denied, invalid_scope, login_required...) still go to the client as OAuth requires.
/// </summary>
public sealed class RenderAuthorizationErrorPage : IOpenIddictServerHandler<ApplyAuthorizationResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyAuthorizationResponseContext>()
            .UseSingletonHandler<RenderAuthorizationErrorPage>()
            .SetOrder(Math.Min(
                OpenIddictServerAspNetCoreHandlers.ProcessStatusCodePagesErrorResponse<ApplyAuthorizationResponseContext>.Descriptor.Order,
                OpenIddictServerAspNetCoreHandlers.ProcessLocalErrorResponse<ApplyAuthorizationResponseContext>.Descriptor.Order) - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ApplyAuthorizationResponseContext context)
    {
        if (string.IsNullOrEmpty(context.Error) || !string.IsNullOrEmpty(context.RedirectUri) || context.Transaction.GetHttpRequest() is not { } request)
        {
            return;
        }

        await OAuthErrorPage.WriteAsync(request.HttpContext.Response, context.Error, context.Response.ErrorDescription);
        context.HandleRequest();
    }
}
