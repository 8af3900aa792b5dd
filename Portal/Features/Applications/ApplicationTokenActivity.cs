using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Data;
using Notarial.Portal.Features.OAuth;

namespace Notarial.Portal.Features.Applications;

/// <summary>
/// When each application was last issued a token, kept in memory by the token endpoint (one dictionary write per token,
/// no database write) and written to <see cref="OAuthApplication.LastTokenIssuedAt"/> in batches by
/// <see cref="ApplicationTokenActivityFlusher"/>. Several instances each write theirs; the latest time wins.
/// </summary>
public sealed class ApplicationTokenActivity(IDbContextFactory<PortalDbContext> contexts, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _pending = new(StringComparer.Ordinal);

    /// <summary>Notes that a token is being issued to <paramref name="clientId"/> now.</summary>
    public void Record(string clientId)
    {
        var now = time.GetUtcNow();
        _pending.AddOrUpdate(clientId, now, (_, previous) => previous > now ? previous : now);
    }

    /// <summary>A time recorded here and not yet written to the database.</summary>
    public DateTimeOffset? Pending(string clientId) => _pending.TryGetValue(clientId, out var at) ? at : null;

    /// <summary>Writes the recorded times in one transaction. An entry recorded again meanwhile stays for the next flush.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken = default)
    {
        var batch = _pending.ToArray();
        if (batch.Length == 0)
        {
            return 0;
        }

        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var (clientId, at) in batch)
            {
                await db.Set<OAuthApplication>()
                    .Where(a => a.ClientId == clientId && (a.LastTokenIssuedAt == null || a.LastTokenIssuedAt < at))
                    .ExecuteUpdateAsync(set => set.SetProperty(a => a.LastTokenIssuedAt, at), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var entry in batch)
        {
            // Removes the entry only if it still holds the value written.
            _pending.TryRemove(entry);
        }

        return batch.Length;
    }
}
