using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Features.Webhooks;

namespace Notarial.Portal.Features.OAuth;

/// <summary>
/// Records a consent given or revoked: the user's security event and the <c>consent.*</c> webhook event for the
/// application's owner, committed together. (The grant itself is written by OpenIddict's managers just before.)
/// </summary>
public sealed class ConsentEvents(IDbContextFactory<PortalDbContext> contexts, SecurityEventLog log, WebhookEvents webhooks)
{
    public async Task GrantedAsync(string userId, string? email, OAuthApplication application, string? authorizationId, IEnumerable<string> scopes,
        RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        var granted = scopes.ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        log.Add(db, new SecurityEventEntry(SecurityEventTypes.ConsentGranted, userId, email, userId,
            TargetType: "oauth_client", TargetId: application.ClientId, Details: string.Join(' ', granted), Origin: origin));
        await webhooks.EnqueueAsync(db, application.OwnerId, application.Environment, WebhookEventTypes.ConsentGranted, new
        {
            application = new { client_id = application.ClientId, name = application.DisplayName },
            user_id = userId,
            authorization_id = authorizationId,
            scopes = granted,
        }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RevokedAsync(string userId, string authorizationId, string? applicationId, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        log.Add(db, new SecurityEventEntry(SecurityEventTypes.ConsentRevoked, userId, SubjectUserId: userId,
            TargetType: "authorization", TargetId: authorizationId, Origin: origin));
        var application = applicationId is null
            ? null
            : await db.Set<OAuthApplication>().AsNoTracking().Where(a => a.Id == applicationId)
                .Select(a => new { a.ClientId, a.DisplayName, a.OwnerId, a.Environment }).FirstOrDefaultAsync(cancellationToken);
        if (application is not null)
        {
            await webhooks.EnqueueAsync(db, application.OwnerId, application.Environment, WebhookEventTypes.ConsentRevoked, new
            {
                application = new { client_id = application.ClientId, name = application.DisplayName },
                user_id = userId,
                authorization_id = authorizationId,
            }, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
