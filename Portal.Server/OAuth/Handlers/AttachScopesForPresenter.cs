using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Notarial.Portal.Server.OAuth.Handlers;

/// <summary>
/// Introspection answers the scopes of an access token to the client it was issued to as well (OpenIddict tells them
/// only to the token's audiences): a client checking what its own token may do is the common case.
/// </summary>
public sealed class AttachScopesForPresenter : IOpenIddictServerHandler<HandleIntrospectionRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleIntrospectionRequestContext>()
            .UseSingletonHandler<AttachScopesForPresenter>()
            .SetOrder(OpenIddictServerHandlers.Introspection.AttachApplicationClaims.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleIntrospectionRequestContext context)
    {
        if (context.Scopes.Count == 0 && context.GenericTokenPrincipal is { } principal && context.Request.ClientId is { } clientId &&
            principal.GetPresenters().Contains(clientId, StringComparer.Ordinal))
        {
            context.Scopes.UnionWith(principal.GetScopes());
        }

        return default;
    }
}
