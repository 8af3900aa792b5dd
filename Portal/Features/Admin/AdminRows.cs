using Notarial.Portal.Features.ApiKeys;
using Notarial.Portal.Features.OAuth;

namespace Notarial.Portal.Features.Admin;

/// <summary>One page of a server-paged list. <see cref="Total"/> stops counting at <see cref="AdminDirectory.CountCap"/>
/// (<see cref="Capped"/>): past that, a narrower search is the way, not page 400.</summary>
public sealed record AdminPage<T>(IReadOnlyList<T> Items, int Total, bool Capped);

/// <summary>A search: free text, and which page (0-based) of how many rows.</summary>
public sealed record AdminQuery(string? Search, int Page = 0, int PageSize = 25)
{
    public string? Term => string.IsNullOrWhiteSpace(Search) ? null : Search.Trim();

    public int Skip => Math.Max(0, Page) * Size;

    public int Size => Math.Clamp(PageSize, 1, 100);
}

public sealed record AdminUserRow(
    string Id,
    string Email,
    string DisplayName,
    IReadOnlyList<string> Roles,
    bool TwoFactor,
    DateTimeOffset? LockedUntil,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSignInAt)
{
    public bool IsAdmin => Roles.Contains(Accounts.PortalRoles.Admin);

    public bool IsStaff => IsAdmin || Roles.Contains(Accounts.PortalRoles.Support);
}

public sealed record AdminUserDetail(
    AdminUserRow User,
    int KeyCount,
    IReadOnlyList<AdminKeyRow> Keys,
    IReadOnlyList<AdminApplicationRow> Applications,
    IReadOnlyList<AdminGrantRow> ConnectedApps);

public sealed record AdminApplicationRow(
    string Id,
    string ClientId,
    string Name,
    ApplicationKind Kind,
    string Environment,
    string? OwnerId,
    string? OwnerEmail,
    bool Disabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastTokenIssuedAt,
    int ActiveGrants);

public sealed record AdminKeyRow(
    Guid Id,
    string Name,
    string Hint,
    ApiKeyType Type,
    string Environment,
    string OwnerId,
    string? OwnerEmail,
    ApiKeyState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    string? LastUsedIp,
    string? RevokedReason);

public sealed record AdminGrantRow(
    string Id,
    string ApplicationId,
    string ApplicationName,
    string ClientId,
    string? UserId,
    string? UserEmail,
    string Status,
    string Type,
    IReadOnlyList<string> Scopes,
    DateTimeOffset? CreatedAt,
    int ActiveTokens)
{
    public bool IsActive => Status == OpenIddict.Abstractions.OpenIddictConstants.Statuses.Valid;
}

/// <summary>One OpenIddict token row of a grant (refresh tokens, authorization codes; client-credentials access tokens have no row).</summary>
public sealed record AdminTokenRow(string Id, string Type, DateTimeOffset? CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RedeemedAt, string State)
{
    public const string Active = "Active";

    public bool IsActive => State == Active;

    // OpenIddict stores token types as URIs ("urn:ietf:params:oauth:token-type:refresh_token") or private names ("oi_auc").
    public bool IsRefreshToken => Type.Contains("refresh_token", StringComparison.Ordinal);

    /// <summary>An identity token is a statement about the sign-in for the client, not a credential the API accepts:
    /// revoking it would change nothing, so the list offers no button for it.</summary>
    public bool CanBeRevoked => IsActive && !Type.Contains("id_token", StringComparison.Ordinal);

    public string TypeTitle =>
        IsRefreshToken ? "Refresh token"
        : Type.Contains("access_token", StringComparison.Ordinal) ? "Access token"
        : Type.Contains("id_token", StringComparison.Ordinal) ? "Identity token"
        : Type.Contains("auc", StringComparison.Ordinal) || Type.Contains("authorization_code", StringComparison.Ordinal) ? "Authorization code"
        : Type.Contains("dvc", StringComparison.Ordinal) || Type.Contains("device_code", StringComparison.Ordinal) ? "Device code"
        : Type;
}

public sealed record AdminOverview(int Users, int Staff, int LockedUsers, int Applications, int DisabledApplications, int ActiveKeys, int ActiveGrants, int SecurityEventsLastDay);
