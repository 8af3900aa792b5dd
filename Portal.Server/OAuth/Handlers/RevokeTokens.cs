using Notarial.Portal.Features.OAuth.Revocation;
using Notarial.Portal.Features.Security;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Notarial.Portal.Server.OAuth.Handlers;

/// <summary>
/// The revocation endpoint (RFC 7009), replacing OpenIddict's handler, which can only revoke tokens that have a row:
/// access tokens (no row) go on the revocation list until they expire; refresh tokens are revoked in their row, and
/// their grant's access tokens with them.
/// </summary>
public sealed class RevokeTokens(IOpenIddictTokenManager tokens, TokenRevocationList revocations, SecurityEventLog events, IHttpContextAccessor http)
    : IOpenIddictServerHandler<HandleRevocationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleRevocationRequestContext>()
            .UseScopedHandler<RevokeTokens>()
            .SetOrder(OpenIddictServerHandlers.Revocation.AttachPrincipal.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(HandleRevocationRequestContext context)
    {
        var principal = context.GenericTokenPrincipal!;
        if (principal.HasTokenType(TokenTypeIdentifiers.AccessToken))
        {
            var facts = AccessTokenFacts.From(principal);
            if (facts.TokenId is null)
            {
                context.Reject(error: Errors.UnsupportedTokenType, description: "This token cannot be revoked.");
                return;
            }

            await revocations.RevokeTokenAsync(facts.TokenId, principal.GetExpirationDate() ?? DateTimeOffset.MaxValue);
            await RecordAsync(context, "access_token", facts.TokenId);
            return;
        }

        var identifier = principal.GetTokenId();
        var token = string.IsNullOrEmpty(identifier) ? null : await tokens.FindByIdAsync(identifier);
        if (token is null)
        {
            context.Reject(error: Errors.InvalidToken, description: "The token is not valid.");
            return;
        }

        await tokens.TryRevokeAsync(token);
        if (principal.GetAuthorizationId() is { } authorizationId)
        {
            await revocations.RevokeAuthorizationAsync(authorizationId);
        }

        await RecordAsync(context, "refresh_token", identifier!);
    }

    private Task RecordAsync(HandleRevocationRequestContext context, string kind, string id) =>
        events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.TokenRevoked, TargetType: kind, TargetId: id,
            Details: $"Revoked by client {context.Request.ClientId}", Origin: http.HttpContext is { } current ? RequestOrigin.From(current) : null));
}
