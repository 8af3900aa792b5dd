using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Platform;

namespace Notarial.Portal.Features.Webhooks;

/// <summary>
/// Publishes events into the outbox. Call it with the context of the change, before that context's SaveChanges: the
/// event and its deliveries then commit (or roll back) with the change itself, and the sender picks them up afterwards.
/// <code>await webhooks.EnqueueAsync(db, ownerId, environment, WebhookEventTypes.ApiKeyCreated, new { id, name });
/// await db.SaveChangesAsync();</code>
/// </summary>
public sealed class WebhookEvents(TimeProvider time)
{
    /// <summary>
    /// Adds the event, and a delivery for each of the owner's enabled endpoints of <paramref name="environment"/> that
    /// subscribe to <paramref name="type"/>, to <paramref name="db"/> without saving. Returns the event id, or null when no
    /// endpoint wants it (then nothing is written). <paramref name="data"/> is serialized with snake_case names; it must
    /// never hold a secret, a full key or a token.
    /// </summary>
    public async Task<string?> EnqueueAsync(PortalDbContext db, string? ownerId, string environment, string type, object data, CancellationToken cancellationToken = default)
    {
        if (ownerId is null)
        {
            return null;
        }

        var endpoints = await db.WebhookEndpoints.AsNoTracking()
            .Where(e => e.OwnerId == ownerId && e.Environment == environment && e.DisabledAt == null)
            .Select(e => new { e.Id, e.Events })
            .ToListAsync(cancellationToken);
        var targets = endpoints.Where(e => e.Events.Split(' ').Contains(type, StringComparer.Ordinal)).Select(e => e.Id).ToList();
        return targets.Count == 0 ? null : Add(db, ownerId, environment, type, data, targets);
    }

    /// <summary>Adds an event for the given endpoints (a test event, a resend) without looking at subscriptions.</summary>
    public string Add(PortalDbContext db, string ownerId, string environment, string type, object data, IReadOnlyCollection<Guid> endpointIds)
    {
        var now = time.GetUtcNow();
        var id = RecordIds.New("evt", now);
        db.WebhookEvents.Add(new WebhookEvent
        {
            Id = id,
            OwnerId = ownerId,
            Environment = environment,
            Type = type,
            Payload = WebhookJson.Envelope(id, type, now, environment, data),
            CreatedAt = now,
        });
        foreach (var endpointId in endpointIds)
        {
            db.WebhookDeliveries.Add(NewDelivery(id, endpointId, now));
        }

        return id;
    }

    public static WebhookDelivery NewDelivery(string eventId, Guid endpointId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        EventId = eventId,
        EndpointId = endpointId,
        State = WebhookDeliveryState.Pending,
        NextAttemptAt = now,
        CreatedAt = now,
    };
}
