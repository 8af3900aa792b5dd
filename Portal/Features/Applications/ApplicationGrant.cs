namespace Notarial.Portal.Features.Applications;

/// <summary>A user who allowed an application to act for them (a permanent authorization that is still valid).</summary>
public sealed record ApplicationGrant(string UserId, string? DisplayName, string? Email, IReadOnlyList<string> Scopes, DateTimeOffset? GrantedAt);
