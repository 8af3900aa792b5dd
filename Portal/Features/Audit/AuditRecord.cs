namespace Notarial.Portal.Features.Audit;

/// <summary>
/// One platform API request as the audit log keeps it: made by the host when the response is done, queued by
/// <see cref="AuditQueue"/> and written in batches by <see cref="AuditWriter"/>. Rejected requests (bad key, 401, 403,
/// 429, 400) are records too; their caller fields are empty when no credential was recognised.
/// </summary>
public sealed record AuditRecord
{
    public required DateTimeOffset OccurredAt { get; init; }

    public required string RequestId { get; init; }

    /// <summary>The account whose data the request reached (the key's or token's account); null when unknown.</summary>
    public string? AccountId { get; init; }

    /// <summary><see cref="Platform.CredentialKinds"/>; null when no credential was recognised.</summary>
    public string? CredentialKind { get; init; }

    /// <summary>The key id, the OAuth token id, or the session's user id.</summary>
    public string? CredentialId { get; init; }

    /// <summary>The OAuth client id, for tokens.</summary>
    public string? ClientId { get; init; }

    public string? Environment { get; init; }

    public required string Method { get; init; }

    /// <summary>The route template ("/api/v1/orders/{id}"); null when no endpoint matched.</summary>
    public string? Route { get; init; }

    public required string Path { get; init; }

    public int Status { get; init; }

    /// <summary>The error envelope's code, when the answer was an error.</summary>
    public string? ErrorCode { get; init; }

    public double LatencyMs { get; init; }

    public string? IpAddress { get; init; }

    public string? UserAgent { get; init; }

    /// <summary>The scope the endpoint needs (for the least-privilege hint).</summary>
    public string? Scope { get; init; }

    /// <summary>Response size when the server knew it (Content-Length).</summary>
    public long? ResponseBytes { get; init; }

    /// <summary>The <c>X-Client-Version</c> the request carried (seed 003), when it was a sane token.</summary>
    public string? ClientVersion { get; init; }
}
