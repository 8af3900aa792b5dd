using System.Globalization;
using System.Security.Claims;
using Notarial.Portal.Features.OAuth.Revocation;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Notarial.Portal.Server.OAuth;

/// <summary>What the revocation list needs to know about a validated access token.</summary>
public readonly record struct AccessTokenFacts(string? TokenId, string? AuthorizationId, string? ClientId, string? Subject, DateTimeOffset IssuedAt)
{
    public static AccessTokenFacts From(ClaimsPrincipal principal)
    {
        var issuedAt = long.TryParse(principal.GetClaim(OAuthConstants.IssuedAtMilliseconds), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : principal.GetCreationDate() ?? DateTimeOffset.MinValue;
        return new AccessTokenFacts(
            principal.GetClaim(Claims.JwtId),
            principal.GetAuthorizationId(),
            principal.GetPresenters().FirstOrDefault() ?? principal.GetClaim(Claims.ClientId),
            principal.GetClaim(Claims.Subject),
            issuedAt);
    }
}

public static class TokenRevocationListExtensions
{
    public static bool IsRevoked(this TokenRevocationList list, AccessTokenFacts token) =>
        list.IsRevoked(token.TokenId, token.AuthorizationId, token.ClientId, token.Subject, token.IssuedAt);
}
