using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Notarial.Portal.Server.OAuth.Handlers;

/// <summary>
/// A client asking for a scope it is not allowed gets <c>invalid_scope</c> (RFC 6749 §5.2 and §4.1.2.1), checked before
/// OpenIddict's own permission check, which answers the less precise <c>invalid_request</c>.
/// </summary>
public sealed class RejectUnallowedScopes(IOpenIddictApplicationManager applications) :
    IOpenIddictServerHandler<ValidateTokenRequestContext>,
    IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor TokenDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .UseScopedHandler<RejectUnallowedScopes>()
            .SetOrder(OpenIddictServerHandlers.Exchange.ValidateScopePermissions.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public static OpenIddictServerHandlerDescriptor AuthorizationDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseScopedHandler<RejectUnallowedScopes>()
            .SetOrder(OpenIddictServerHandlers.Authentication.ValidateScopePermissions.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        if (await FirstUnallowedAsync(context.ClientId, context.Request) is { } scope)
        {
            context.Reject(error: Errors.InvalidScope, description: $"This client is not allowed the scope '{scope}'.");
        }
    }

    public async ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        if (await FirstUnallowedAsync(context.ClientId, context.Request) is { } scope)
        {
            context.Reject(error: Errors.InvalidScope, description: $"This client is not allowed the scope '{scope}'.");
        }
    }

    private async Task<string?> FirstUnallowedAsync(string? clientId, OpenIddictRequest request)
    {
        var scopes = request.GetScopes();
        if (scopes.IsEmpty || string.IsNullOrEmpty(clientId) || await applications.FindByClientIdAsync(clientId) is not { } application)
        {
            return null;
        }

        foreach (var scope in scopes)
        {
            if (!await applications.HasPermissionAsync(application, Permissions.Prefixes.Scope + scope))
            {
                return scope;
            }
        }

        return null;
    }
}
