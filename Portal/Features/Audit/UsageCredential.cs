using Notarial.Portal.Features.Platform;

namespace Notarial.Portal.Features.Audit;

/// <summary>
/// The credential usage is rolled up by: a key by its id, an OAuth application by its client id (its tokens change every
/// hour; the application does not), a portal session by its account. Empty strings stand for "no credential recognised".
/// </summary>
public readonly record struct UsageCredential(string Kind, string Id)
{
    public static UsageCredential None { get; } = new("", "");

    public bool IsNone => Kind.Length == 0;

    public static UsageCredential Of(AuditRecord record) => record.CredentialKind switch
    {
        CredentialKinds.ApiKey => new(CredentialKinds.ApiKey, record.CredentialId ?? ""),
        CredentialKinds.OAuthToken => new(CredentialKinds.OAuthToken, record.ClientId ?? record.CredentialId ?? ""),
        CredentialKinds.Session => new(CredentialKinds.Session, record.AccountId ?? record.CredentialId ?? ""),
        _ => None,
    };

    public static UsageCredential ApiKey(Guid id) => new(CredentialKinds.ApiKey, id.ToString());

    public static UsageCredential OAuthClient(string clientId) => new(CredentialKinds.OAuthToken, clientId);

    /// <summary>"api_key:&lt;id&gt;", for query strings and select values.</summary>
    public override string ToString() => IsNone ? "" : Kind + ":" + Id;

    public static UsageCredential? Parse(string? value)
    {
        var colon = value?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0 ? new UsageCredential(value![..colon], value[(colon + 1)..]) : null;
    }
}
