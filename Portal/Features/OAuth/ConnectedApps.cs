using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Security;
using OpenIddict.Abstractions;

namespace Notarial.Portal.Features.OAuth;

/// <summary>One application a user has authorized: what it may do, since when, and when it last got a token.</summary>
public sealed record ConnectedApp(
    string AuthorizationId,
    string ApplicationName,
    string? HomepageUrl,
    string? LogoUrl,
    string? OwnerName,
    IReadOnlyList<string> Scopes,
    DateTimeOffset? GrantedAt,
    DateTimeOffset? LastUsedAt);

/// <summary>The grants (permanent authorizations) a user gave to applications, and their revocation.</summary>
public sealed class ConnectedApps(IDbContextFactory<PortalDbContext> contexts, IServiceScopeFactory scopes, ConsentEvents events)
{
    public async Task<IReadOnlyList<ConnectedApp>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<OAuthAuthorization>().AsNoTracking()
            .Where(a => a.Subject == userId && a.Status == OpenIddictConstants.Statuses.Valid && a.Type == OpenIddictConstants.AuthorizationTypes.Permanent)
            .Select(a => new
            {
                a.Id,
                Name = a.Application!.DisplayName ?? a.Application.ClientId,
                a.Application.HomepageUrl,
                a.Application.LogoUrl,
                Owner = db.Users.Where(u => u.Id == a.Application.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
                a.Scopes,
                a.CreationDate,
                LastUsed = a.Tokens.Max(t => t.CreationDate),
            })
            .ToListAsync(cancellationToken);

        return rows
            .Select(r => new ConnectedApp(r.Id!, r.Name ?? "Unnamed application", r.HomepageUrl, r.LogoUrl, r.Owner, ParseScopes(r.Scopes),
                ToOffset(r.CreationDate), ToOffset(r.LastUsed)))
            .OrderByDescending(a => a.LastUsedAt ?? a.GrantedAt)
            .ToList();
    }

    /// <summary>Ends a grant of <paramref name="userId"/> and every token of it, at once. False when it is not theirs.</summary>
    public async Task<bool> RevokeAsync(string userId, string authorizationId, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var authorization = await authorizations.FindByIdAsync(authorizationId, cancellationToken);
        if (authorization is not OAuthAuthorization grant || grant.Subject != userId)
        {
            return false;
        }

        await authorizations.TryRevokeAsync(grant, cancellationToken);
        await tokens.RevokeByAuthorizationIdAsync(authorizationId, cancellationToken);
        await events.RevokedAsync(userId, authorizationId, await authorizations.GetApplicationIdAsync(grant, cancellationToken), origin, cancellationToken);
        return true;
    }

    private static IReadOnlyList<string> ParseScopes(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<string>>(json) ?? [];

    // OpenIddict's entities keep dates as UTC DateTime values.
    private static DateTimeOffset? ToOffset(DateTime? value) => value is { } date ? new DateTimeOffset(DateTime.SpecifyKind(date, DateTimeKind.Utc)) : null;
}
