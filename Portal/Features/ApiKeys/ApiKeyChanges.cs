namespace Notarial.Portal.Features.ApiKeys;

/// <summary>A change to an existing key: each field that is not null replaces the current value (an empty
/// <see cref="AllowedIps"/> list allows any address). Type and environment never change: create a new key instead.</summary>
public sealed record ApiKeyChanges(
    string? Name = null,
    IReadOnlyList<string>? Scopes = null,
    string? Expires = null,
    IReadOnlyList<string>? AllowedIps = null,
    int? RequestsPerHour = null,
    int? BurstPerSecond = null)
{
    public bool IsEmpty => Name is null && Scopes is null && Expires is null && AllowedIps is null && RequestsPerHour is null && BurstPerSecond is null;
}
