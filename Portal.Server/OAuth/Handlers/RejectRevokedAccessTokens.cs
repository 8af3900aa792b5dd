using Notarial.Portal.Features.OAuth.Revocation;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Notarial.Portal.Server.OAuth.Handlers;

/// <summary>
/// The server's own endpoints (introspection, userinfo, revocation) refuse access tokens on the revocation list, as the
/// platform API does (<see cref="BearerTokenHandler"/>).
/// </summary>
public sealed class RejectRevokedAccessTokens(TokenRevocationList revocations) : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<RejectRevokedAccessTokens>()
            .SetOrder(OpenIddictServerHandlers.Protection.ValidateExpirationDate.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateTokenContext context)
    {
        if (context.Principal is { } principal && principal.HasTokenType(TokenTypeIdentifiers.AccessToken) &&
            revocations.IsRevoked(AccessTokenFacts.From(principal)))
        {
            context.Reject(error: Errors.InvalidToken, description: "The token was revoked.");
        }

        return default;
    }
}
