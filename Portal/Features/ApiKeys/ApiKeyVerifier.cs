using System.Net;

namespace Notarial.Portal.Features.ApiKeys;

/// <summary>
/// Decides whether a presented key may call the API: format and checksum first (no lookup for a mistyped or invented
/// key), then the key found by its hash (<see cref="ApiKeyCache"/>), then revocation, expiry (against the clock, on every
/// request) and the IP allowlist. An accepted key's use is stamped for "last used".
/// </summary>
public sealed class ApiKeyVerifier(ApiKeyCache cache, ApiKeyUsageTracker usage, TimeProvider time)
{
    public ValueTask<ApiKeyVerification> VerifyAsync(string presented, IPAddress? client, CancellationToken cancellationToken = default)
    {
        if (!ApiKeyFormat.IsValid(presented))
        {
            return ValueTask.FromResult(ApiKeyVerification.Reject(ApiKeyRejection.Malformed));
        }

        var found = cache.FindAsync(ApiKeyHasher.Hash(presented), cancellationToken);
        return found.IsCompletedSuccessfully
            ? ValueTask.FromResult(Decide(found.Result, client))
            : AwaitAsync(found, client);
    }

    private async ValueTask<ApiKeyVerification> AwaitAsync(ValueTask<VerifiedApiKey?> found, IPAddress? client) => Decide(await found, client);

    private ApiKeyVerification Decide(VerifiedApiKey? key, IPAddress? client)
    {
        if (key is null)
        {
            return ApiKeyVerification.Reject(ApiKeyRejection.Unknown);
        }

        if (key.RevokedAt is not null)
        {
            return ApiKeyVerification.Reject(ApiKeyRejection.Revoked, key);
        }

        var now = time.GetUtcNow();
        if (key.EndsAt is { } ends && ends <= now)
        {
            return ApiKeyVerification.Reject(ApiKeyRejection.Expired, key);
        }

        if (!ApiKeyIpAllowlist.Allows(key.Networks, client))
        {
            return ApiKeyVerification.Reject(ApiKeyRejection.IpNotAllowed, key);
        }

        usage.Record(key.Id, client, now);
        return ApiKeyVerification.Accept(key);
    }
}
