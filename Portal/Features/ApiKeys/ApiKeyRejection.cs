namespace Notarial.Portal.Features.ApiKeys;

/// <summary>Why a presented key was refused. Each maps to one error code of the platform API.</summary>
public enum ApiKeyRejection
{
    /// <summary>Not refused.</summary>
    None,

    /// <summary>Not in the key format, or the checksum does not match: refused without a lookup (invalid_api_key).</summary>
    Malformed,

    /// <summary>Well-formed but no such key (invalid_api_key).</summary>
    Unknown,

    /// <summary>revoked_api_key.</summary>
    Revoked,

    /// <summary>Past its expiry or past the grace period of a rotation (expired_api_key).</summary>
    Expired,

    /// <summary>The client address is not in the key's allowlist (ip_not_allowed).</summary>
    IpNotAllowed,
}
