using System.Collections.Concurrent;
using System.Security.Claims;

namespace Notarial.Portal.Server.OAuth;

/// <summary>What validating an access token established: its claims for the platform caller, and its revocation facts.</summary>
public sealed record ValidatedToken(IReadOnlyList<Claim> CallerClaims, AccessTokenFacts Facts, DateTimeOffset ExpiresAt, string Issuer);

/// <summary>
/// Access tokens already validated by OpenIddict (signature, issuer, audience, type), kept until they expire, so a
/// client reusing its token for an hour pays for the RSA verification once. A token is immutable, so the result holds
/// until its expiry (checked on every use); revocation is not cached here — the revocation list is asked every time.
/// The cache is keyed by the whole token string and bounded in size.
/// </summary>
public sealed class ValidatedTokenCache(TimeProvider time)
{
    private const int MaxEntries = 20_000;
    private readonly ConcurrentDictionary<string, ValidatedToken> _tokens = new(StringComparer.Ordinal);

    public bool TryGet(string token, string issuer, out ValidatedToken? validated)
    {
        if (_tokens.TryGetValue(token, out validated) && validated.Issuer == issuer)
        {
            if (validated.ExpiresAt > time.GetUtcNow())
            {
                return true;
            }

            _tokens.TryRemove(token, out _);
        }

        validated = null;
        return false;
    }

    public void Add(string token, ValidatedToken validated)
    {
        if (_tokens.Count >= MaxEntries)
        {
            // Crude but bounded: a full cache starts over; the tokens in use come back on their next request.
            _tokens.Clear();
        }

        _tokens[token] = validated;
    }
}
