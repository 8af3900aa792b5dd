using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Notarial.Portal.Server.OAuth.Handlers;

/// <summary>
/// Access tokens are self-contained JWTs with no database row: writing a row per token (an INSERT and an UPDATE, each
/// its own transaction behind SQLite's single writer) is what limits token throughput. They stay revocable through
/// the revocation list, by their id (jti, which OpenIddict sets), their grant, their client or their user; the
/// millisecond issue time added here lets "every token issued before now" spare one issued a moment later. Codes and refresh tokens keep their rows (rotation and replay detection need them).
/// </summary>
public sealed class ShapeAccessTokens(TimeProvider time) : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<ShapeAccessTokens>()
            .SetOrder(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        if (context.TokenType != TokenTypeIdentifiers.AccessToken || context.Principal is null)
        {
            return default;
        }

        context.CreateTokenEntry = false;
        context.PersistTokenPayload = false;
        context.Principal.SetClaim(OAuthConstants.IssuedAtMilliseconds, time.GetUtcNow().ToUnixTimeMilliseconds());
        return default;
    }
}
