using Microsoft.AspNetCore;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Notarial.Portal.Server.OAuth.Handlers;

/// <summary>
/// <c>invalid_client</c> answers 401 with <c>WWW-Authenticate</c> only when the client authenticated with the
/// Authorization header (RFC 6749 §5.2); a client that sent its secret in the form gets 400, which is what most
/// client libraries parse as an OAuth error.
/// </summary>
public sealed class ClientAuthenticationStatus : IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseSingletonHandler<ClientAuthenticationStatus>()
            .SetOrder(OpenIddictServerAspNetCoreHandlers.AttachWwwAuthenticateHeader<ApplyTokenResponseContext>.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        if (context.Transaction.Response?.Error == Errors.InvalidClient && context.Transaction.GetHttpRequest() is { } request &&
            !request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            request.HttpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
            request.HttpContext.Response.Headers.Remove("WWW-Authenticate");
        }

        return default;
    }
}
