using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Data;

namespace Notarial.Portal.Features.Security;

/// <summary>What is recorded about one security event; <see cref="SecurityEventLog"/> stamps the time.</summary>
public sealed record SecurityEventEntry(
    string Type,
    string? ActorUserId = null,
    string? ActorEmail = null,
    string? SubjectUserId = null,
    string? TargetType = null,
    string? TargetId = null,
    string? Reason = null,
    string? Details = null,
    RequestOrigin? Origin = null);

/// <summary>
/// Records security events. They are few and must not be lost, so each is written synchronously; callers that change data
/// in the same operation pass their context to <see cref="Add"/> so the event commits with the change.
/// </summary>
public sealed class SecurityEventLog(IDbContextFactory<PortalDbContext> contexts, TimeProvider time)
{
    public async Task RecordAsync(SecurityEventEntry entry, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (entry.ActorUserId is { } actor && entry.ActorEmail is null)
        {
            // Admin actions name their actor by id; the log keeps the address too, so it reads well after the account is gone.
            entry = entry with { ActorEmail = await db.Users.Where(u => u.Id == actor).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken) };
        }

        Add(db, entry);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Adds the event to <paramref name="db"/> without saving, to commit it with the caller's change.</summary>
    public void Add(PortalDbContext db, SecurityEventEntry entry)
    {
        db.SecurityEvents.Add(new SecurityEvent
        {
            OccurredAt = time.GetUtcNow(),
            Type = entry.Type,
            ActorUserId = entry.ActorUserId,
            ActorEmail = Truncate(entry.ActorEmail, 256),
            SubjectUserId = entry.SubjectUserId,
            TargetType = entry.TargetType,
            TargetId = Truncate(entry.TargetId, 128),
            Reason = Truncate(entry.Reason, 500),
            Details = Truncate(entry.Details, 2000),
            IpAddress = Truncate(entry.Origin?.IpAddress, 64),
            UserAgent = Truncate(entry.Origin?.UserAgent, 512),
        });
    }

    private static string? Truncate(string? value, int length) =>
        value is null || value.Length <= length ? value : value[..length];
}
