using System.Security.Claims;

namespace Notarial.Portal.Features.Platform;

/// <summary>Who is calling the platform API, whatever the credential: read from the principal's platform claims.</summary>
public sealed record PlatformCaller(
    string AccountId,
    string CredentialKind,
    string CredentialId,
    string? ClientId,
    IReadOnlySet<string> Scopes,
    string Environment)
{
    public bool IsTest => Environment == PlatformEnvironments.Test;

    /// <summary>The caller of an authenticated platform request; null when the principal carries no platform claims.</summary>
    public static PlatformCaller? From(ClaimsPrincipal principal)
    {
        var account = principal.FindFirst(PlatformClaimTypes.AccountId)?.Value;
        var kind = principal.FindFirst(PlatformClaimTypes.CredentialKind)?.Value;
        if (account is null || kind is null)
        {
            return null;
        }

        return new PlatformCaller(
            account,
            kind,
            principal.FindFirst(PlatformClaimTypes.CredentialId)?.Value ?? "",
            principal.FindFirst(PlatformClaimTypes.ClientId)?.Value,
            principal.FindAll(PlatformClaimTypes.Scope).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            principal.FindFirst(PlatformClaimTypes.Environment)?.Value ?? PlatformEnvironments.Live);
    }
}
