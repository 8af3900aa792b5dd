using System.Security.Claims;
using Notarial.Portal.Features.Platform;

namespace Notarial.Portal.Server.Features.Audit;

/// <summary>
/// What the stages of a platform request tell the audit log about it, as a request feature: the caller the platform
/// pipeline authenticated (or the key a refusal was about), and the error code of the envelope written. Absent when
/// the audit log is off, so every stage writes to it with <c>?.</c>.
/// </summary>
public sealed class ApiAuditFeature
{
    public string? AccountId { get; private set; }

    public string? CredentialKind { get; private set; }

    public string? CredentialId { get; private set; }

    public string? ClientId { get; private set; }

    public string? Environment { get; private set; }

    /// <summary>Set by <see cref="Api.ApiErrors"/> whenever it writes the error envelope; the last one wins.</summary>
    public string? ErrorCode { get; set; }

    public void SetCaller(ClaimsPrincipal principal)
    {
        AccountId = principal.FindFirst(PlatformClaimTypes.AccountId)?.Value;
        CredentialKind = principal.FindFirst(PlatformClaimTypes.CredentialKind)?.Value;
        CredentialId = principal.FindFirst(PlatformClaimTypes.CredentialId)?.Value;
        ClientId = principal.FindFirst(PlatformClaimTypes.ClientId)?.Value;
        Environment = principal.FindFirst(PlatformClaimTypes.Environment)?.Value;
    }

    /// <summary>A credential that was recognised but refused (revoked or expired key, address not allowed): the row then
    /// shows up in its owner's log.</summary>
    public void SetCredential(string accountId, string kind, string credentialId, string? environment)
    {
        AccountId = accountId;
        CredentialKind = kind;
        CredentialId = credentialId;
        Environment = environment;
    }
}
