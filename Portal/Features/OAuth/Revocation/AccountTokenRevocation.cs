using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Data;

namespace Notarial.Portal.Features.OAuth.Revocation;

/// <summary>
/// Ends every OAuth token tied to an account at once: tokens issued for the user (to any application), and tokens its
/// own applications got with client credentials. Used when an account is deleted, locked or signed out everywhere.
/// </summary>
public sealed class AccountTokenRevocation(IDbContextFactory<PortalDbContext> contexts, TokenRevocationList revocations)
{
    public async Task RevokeAllAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var clientIds = await db.Set<OAuthApplication>().Where(a => a.OwnerId == userId).Select(a => a.ClientId!).ToListAsync(cancellationToken);
        await revocations.RevokeSubjectAsync(userId, cancellationToken);
        foreach (var clientId in clientIds)
        {
            await revocations.RevokeClientAsync(clientId, cancellationToken);
        }
    }
}
