namespace Notarial.Portal.Features.ApiKeys;

/// <summary>Where a key is in its life, at a given moment.</summary>
public enum ApiKeyState
{
    Active,

    /// <summary>Replaced by rotation; still works until the grace period ends.</summary>
    Rotating,

    /// <summary>Past its expiry, or past the grace period after rotation.</summary>
    Expired,

    Revoked,
}
