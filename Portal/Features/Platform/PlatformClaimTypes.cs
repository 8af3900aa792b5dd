namespace Notarial.Portal.Features.Platform;

/// <summary>
/// The claims every credential (API key, OAuth access token, portal session) is reduced to, so a platform API endpoint
/// sees one kind of caller whatever authenticated it. See <see cref="PlatformCaller"/>.
/// </summary>
public static class PlatformClaimTypes
{
    /// <summary>The account (user id) that owns the data the caller reaches.</summary>
    public const string AccountId = "account_id";

    /// <summary><see cref="CredentialKinds"/>.</summary>
    public const string CredentialKind = "credential_kind";

    /// <summary>The key id, the OAuth token id (or client id for client credentials), or the session's user id.</summary>
    public const string CredentialId = "credential_id";

    /// <summary>The OAuth client id, for tokens.</summary>
    public const string ClientId = "client_id";

    /// <summary>One claim per granted scope.</summary>
    public const string Scope = "scope";

    /// <summary>"live" or "test".</summary>
    public const string Environment = "environment";
}

public static class CredentialKinds
{
    public const string ApiKey = "api_key";
    public const string OAuthToken = "oauth_token";
    public const string Session = "session";
}

public static class PlatformEnvironments
{
    public const string Live = "live";
    public const string Test = "test";
}

/// <summary>Per-credential rate limits a credential may carry (API keys set their own); absent means the defaults of the
/// credential's kind, "0" means unlimited (internal keys).</summary>
public static class PlatformRateLimitClaims
{
    public const string PerHour = "rate_limit_hour";
    public const string PerSecond = "rate_limit_second";
}
