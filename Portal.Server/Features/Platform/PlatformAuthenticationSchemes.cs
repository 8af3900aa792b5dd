namespace Notarial.Portal.Server.Features.Platform;

/// <summary>The authentication schemes of the platform API. <see cref="Platform"/> picks one of the others per request.</summary>
public static class PlatformAuthenticationSchemes
{
    /// <summary>The policy scheme every platform endpoint uses: it forwards to the scheme of the credential presented.</summary>
    public const string Platform = "Platform";

    /// <summary>API keys: <c>X-API-Key: notary_...</c> or <c>Authorization: Bearer notary_...</c>.</summary>
    public const string ApiKey = "ApiKey";

    /// <summary>OAuth access tokens issued by this server: <c>Authorization: Bearer &lt;JWT&gt;</c>.</summary>
    public const string Bearer = "PlatformBearer";

    /// <summary>The portal's own sign-in cookie, for the signed-in user's calls from the portal.</summary>
    public const string Session = "PlatformSession";

    /// <summary>The authorization policy that admits any authenticated platform caller.</summary>
    public const string CallerPolicy = "PlatformCaller";
}
