namespace Notarial.Portal.Server.OAuth;

public static class OAuthConstants
{
    /// <summary>The audience (resource) of every access token: the platform API.</summary>
    public const string ApiAudience = "notarial-api";

    /// <summary>Private claim: when the token was issued, in Unix milliseconds (iat has only seconds), so a revocation
    /// "every token issued before now" spares a token issued a moment later.</summary>
    public const string IssuedAtMilliseconds = "iat_ms";
}
