using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notarial.Portal.Features.OAuth.Revocation;
using OpenIddict.Abstractions;
using OpenIddict.Core;

namespace Notarial.Portal.Features.OAuth;

/// <summary>
/// OpenIddict's token manager, plus: revoking the tokens of a grant in bulk also puts the grant on the revocation list,
/// so access tokens already handed out stop working too.
/// </summary>
public sealed class OAuthTokenManager(
    IOpenIddictTokenCache<OAuthToken> cache,
    ILogger<OpenIddictTokenManager<OAuthToken>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictTokenStore<OAuthToken> store,
    TokenRevocationList revocations)
    : OpenIddictTokenManager<OAuthToken>(cache, logger, options, store)
{
    public override async ValueTask<long> RevokeByAuthorizationIdAsync(string identifier, CancellationToken cancellationToken = default)
    {
        var count = await base.RevokeByAuthorizationIdAsync(identifier, cancellationToken);
        await revocations.RevokeAuthorizationAsync(identifier, cancellationToken);
        return count;
    }
}
