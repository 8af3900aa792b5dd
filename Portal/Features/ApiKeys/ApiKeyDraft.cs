namespace Notarial.Portal.Features.ApiKeys;

/// <summary>
/// What a person or a client asks for when creating a key, as given (the service validates every field). Null limits
/// mean the type's defaults; null <paramref name="Expires"/> means <see cref="ApiKeyExpiry.Default"/>.
/// </summary>
public sealed record ApiKeyDraft(
    string? Name,
    string? Type,
    string? Environment,
    IReadOnlyList<string>? Scopes,
    string? Expires = null,
    IReadOnlyList<string>? AllowedIps = null,
    int? RequestsPerHour = null,
    int? BurstPerSecond = null);
