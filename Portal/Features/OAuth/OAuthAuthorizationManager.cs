using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notarial.Portal.Features.OAuth.Revocation;
using OpenIddict.Abstractions;
using OpenIddict.Core;

namespace Notarial.Portal.Features.OAuth;

/// <summary>
/// OpenIddict's authorization manager, plus: revoking a grant also revokes its access tokens in the revocation list
/// (they are self-contained JWTs without rows). Every path goes through here — a user revoking a connected app, an
/// admin, and OpenIddict itself when it sees a replayed code or refresh token.
/// </summary>
public sealed class OAuthAuthorizationManager(
    IOpenIddictAuthorizationCache<OAuthAuthorization> cache,
    ILogger<OpenIddictAuthorizationManager<OAuthAuthorization>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictAuthorizationStore<OAuthAuthorization> store,
    TokenRevocationList revocations)
    : OpenIddictAuthorizationManager<OAuthAuthorization>(cache, logger, options, store)
{
    public override async ValueTask<bool> TryRevokeAsync(OAuthAuthorization authorization, CancellationToken cancellationToken = default)
    {
        var revoked = await base.TryRevokeAsync(authorization, cancellationToken);
        if (revoked && authorization.Id is { } id)
        {
            await revocations.RevokeAuthorizationAsync(id, cancellationToken);
        }

        return revoked;
    }
}
