using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notarial.Portal.Data;
using Notarial.Portal.Features.ApiKeys;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Features.Webhooks;

/// <summary>
/// Everything done to webhook endpoints, for the portal's pages and the API alike: list, read, create, change, delete,
/// rotate the secret, send a test event, read the delivery log and resend. Only the actor's own endpoints (of its
/// environment, for a key or a token); every change is a security event with its actor.
/// </summary>
public sealed partial class WebhookService(
    IDbContextFactory<PortalDbContext> contexts,
    WebhookSecrets secrets,
    WebhookEvents events,
    WebhookSender sender,
    SecurityEventLog securityEvents,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookService> logger)
{
    public const int MaxDeliveriesListed = 100;

    /// <summary>Deep enough for the retention window; beyond it a page number is a mistake.</summary>
    public const int MaxDeliveryPage = 10_000;

    public Task<IReadOnlyList<WebhookEndpointView>> ListAsync(WebhookActor actor, CancellationToken cancellationToken = default) =>
        ListAsync(actor, applicationId: null, cancellationToken);

    /// <summary>The actor's endpoints; only those of one of its applications when <paramref name="applicationId"/> is given.</summary>
    public async Task<IReadOnlyList<WebhookEndpointView>> ListAsync(WebhookActor actor, string? applicationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var owned = Owned(db, actor).AsNoTracking();
        if (applicationId is not null)
        {
            owned = owned.Where(e => e.ApplicationId == applicationId);
        }

        var endpoints = await owned.OrderByDescending(e => e.CreatedAt).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return [.. endpoints.Select(e => WebhookEndpointView.From(e, now))];
    }

    public async Task<PlatformResult<WebhookEndpointView>> GetAsync(WebhookActor actor, Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var endpoint = await Owned(db, actor).AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        return endpoint is null ? NotFound<WebhookEndpointView>() : WebhookEndpointView.From(endpoint, time.GetUtcNow());
    }

    /// <summary>Registers an endpoint; the result carries its signing secret, which is shown this once.</summary>
    public async Task<PlatformResult<CreatedWebhookEndpoint>> CreateAsync(WebhookActor actor, WebhookDraft draft, CancellationToken cancellationToken = default)
    {
        var problems = new List<FieldProblem>();
        var uri = WebhookRules.Url(draft.Url, options.Value, problems);
        var description = WebhookRules.Description(draft.Description, problems);
        var subscribed = WebhookRules.Events(draft.Events, problems);
        var environment = WebhookRules.Environment(draft.Environment ?? actor.Environment, problems);
        if (environment is not null && actor.Environment is { } own && environment != own)
        {
            problems.Add(new FieldProblem(WebhookFields.Environment, $"This credential manages {own} endpoints only."));
        }

        if (problems.Count > 0)
        {
            return new PlatformResult<CreatedWebhookEndpoint>.Invalid(problems);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var url = uri!.AbsoluteUri;
        if (await db.WebhookEndpoints.AnyAsync(e => e.OwnerId == actor.UserId && e.Environment == environment && e.Url == url, cancellationToken))
        {
            return PlatformResult<CreatedWebhookEndpoint>.Fail(WebhookFields.Url, $"You already have an endpoint for this URL in the {environment} environment.");
        }

        if (await db.WebhookEndpoints.CountAsync(e => e.OwnerId == actor.UserId, cancellationToken) >= options.Value.MaxEndpointsPerAccount)
        {
            return PlatformResult<CreatedWebhookEndpoint>.Fail(WebhookFields.Url, $"An account can have at most {options.Value.MaxEndpointsPerAccount} endpoints: delete one first.");
        }

        var now = time.GetUtcNow();
        var secret = WebhookSecrets.Generate();
        var endpoint = new WebhookEndpoint
        {
            Id = Guid.CreateVersion7(now),
            OwnerId = actor.UserId,
            ApplicationId = draft.ApplicationId,
            Url = url,
            Description = description,
            Events = string.Join(' ', subscribed!),
            Environment = environment!,
            ProtectedSecret = secrets.Protect(secret),
            SecretHint = WebhookSecrets.Hint(secret),
            SecretCreatedAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.WebhookEndpoints.Add(endpoint);
        securityEvents.Add(db, Event(SecurityEventTypes.WebhookEndpointCreated, actor, endpoint, $"{endpoint.Url} ({endpoint.Environment}): {endpoint.Events}; via {actor.Via}"));
        await db.SaveChangesAsync(cancellationToken);
        LogCreated(endpoint.Id, actor.UserId, actor.Via);
        return new CreatedWebhookEndpoint(WebhookEndpointView.From(endpoint, now), secret);
    }

    public async Task<PlatformResult<WebhookEndpointView>> UpdateAsync(WebhookActor actor, Guid id, WebhookChanges changes, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var endpoint = await Owned(db, actor).FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (endpoint is null)
        {
            return NotFound<WebhookEndpointView>();
        }

        var problems = new List<FieldProblem>();
        var url = changes.Url is null ? endpoint.Url : WebhookRules.Url(changes.Url, options.Value, problems)?.AbsoluteUri;
        var description = changes.Description is null ? endpoint.Description : WebhookRules.Description(changes.Description, problems);
        var subscribed = changes.Events is null ? endpoint.EventList : WebhookRules.Events(changes.Events, problems);
        if (problems.Count > 0)
        {
            return new PlatformResult<WebhookEndpointView>.Invalid(problems);
        }

        if (url != endpoint.Url && await db.WebhookEndpoints.AnyAsync(e => e.OwnerId == actor.UserId && e.Environment == endpoint.Environment && e.Url == url && e.Id != id, cancellationToken))
        {
            return PlatformResult<WebhookEndpointView>.Fail(WebhookFields.Url, $"You already have an endpoint for this URL in the {endpoint.Environment} environment.");
        }

        var now = time.GetUtcNow();
        var changed = new List<string>();
        if (url != endpoint.Url)
        {
            changed.Add($"URL ({url})");
            endpoint.Url = url!;
        }

        if (description != endpoint.Description)
        {
            changed.Add("description");
            endpoint.Description = description;
        }

        var events = string.Join(' ', subscribed!);
        if (events != endpoint.Events)
        {
            changed.Add($"events ({events})");
            endpoint.Events = events;
        }

        if (changes.Enabled is { } enabled && enabled != (endpoint.DisabledAt is null))
        {
            changed.Add(enabled ? "enabled" : "disabled");
            endpoint.DisabledAt = enabled ? null : now;
            endpoint.DisabledReason = enabled ? null : "Disabled by its owner.";
            endpoint.FailingSince = null;
        }

        if (changed.Count > 0)
        {
            endpoint.UpdatedAt = now;
            securityEvents.Add(db, Event(SecurityEventTypes.WebhookEndpointUpdated, actor, endpoint, $"{endpoint.Url}: {string.Join(", ", changed)} changed; via {actor.Via}"));
            await db.SaveChangesAsync(cancellationToken);
            LogUpdated(endpoint.Id, actor.UserId, actor.Via);
            if (changes.Enabled is true)
            {
                sender.Notify();
            }
        }

        return WebhookEndpointView.From(endpoint, now);
    }

    public async Task<PlatformResult<WebhookEndpointView>> DeleteAsync(WebhookActor actor, Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var endpoint = await Owned(db, actor).FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (endpoint is null)
        {
            return NotFound<WebhookEndpointView>();
        }

        db.WebhookEndpoints.Remove(endpoint);
        securityEvents.Add(db, Event(SecurityEventTypes.WebhookEndpointDeleted, actor, endpoint, $"{endpoint.Url} ({endpoint.Environment}); via {actor.Via}"));
        await db.SaveChangesAsync(cancellationToken);
        LogDeleted(endpoint.Id, actor.UserId, actor.Via);
        return WebhookEndpointView.From(endpoint, time.GetUtcNow());
    }

    /// <summary>
    /// Gives the endpoint a new secret, shown once. The old one keeps signing (a second v1 in X-Webhook-Signature-256) for
    /// the grace period (now, 1h, 24h, 7d); a secret still in an earlier grace stops now.
    /// </summary>
    public async Task<PlatformResult<CreatedWebhookEndpoint>> RotateSecretAsync(WebhookActor actor, Guid id, string? grace, CancellationToken cancellationToken = default)
    {
        if (ApiKeyRotationGrace.Find(grace) is not { } period)
        {
            return PlatformResult<CreatedWebhookEndpoint>.Fail(WebhookFields.Grace, "Pick how long the old secret keeps signing: now, 1h, 24h or 7d.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var endpoint = await Owned(db, actor).FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (endpoint is null)
        {
            return NotFound<CreatedWebhookEndpoint>();
        }

        var now = time.GetUtcNow();
        var secret = WebhookSecrets.Generate();
        endpoint.PreviousProtectedSecret = period.Duration > TimeSpan.Zero ? endpoint.ProtectedSecret : null;
        endpoint.PreviousSecretExpiresAt = period.Duration > TimeSpan.Zero ? now + period.Duration : null;
        endpoint.ProtectedSecret = secrets.Protect(secret);
        endpoint.SecretHint = WebhookSecrets.Hint(secret);
        endpoint.SecretCreatedAt = now;
        endpoint.UpdatedAt = now;
        securityEvents.Add(db, Event(SecurityEventTypes.WebhookSecretRotated, actor, endpoint,
            $"{endpoint.Url}: new secret {endpoint.SecretHint}; the old one signs until {(endpoint.PreviousSecretExpiresAt ?? now):yyyy-MM-dd HH:mm} UTC; via {actor.Via}"));
        await db.SaveChangesAsync(cancellationToken);
        LogRotated(endpoint.Id, period.Name, actor.UserId, actor.Via);
        return new CreatedWebhookEndpoint(WebhookEndpointView.From(endpoint, now), secret);
    }

    /// <summary>Sends a <c>webhook.test</c> event to the endpoint now and returns the delivery with its attempt.</summary>
    public async Task<PlatformResult<WebhookDeliveryView>> SendTestAsync(WebhookActor actor, Guid id, CancellationToken cancellationToken = default)
    {
        Guid deliveryId;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var endpoint = await Owned(db, actor).AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
            if (endpoint is null)
            {
                return NotFound<WebhookDeliveryView>();
            }

            events.Add(db, endpoint.OwnerId, endpoint.Environment, WebhookEventTypes.Test,
                new { message = "This is a test event from the Notarial Developer Portal.", endpoint_id = endpoint.Id }, [endpoint.Id]);
            deliveryId = db.ChangeTracker.Entries<WebhookDelivery>().Single().Entity.Id;
            await db.SaveChangesAsync(cancellationToken);
        }

        await sender.SendNowAsync(deliveryId, cancellationToken);
        return await DeliveryAsync(deliveryId, cancellationToken);
    }

    /// <summary>Sends a delivery's event to the endpoint again, now, as a new delivery with the same event id.</summary>
    public async Task<PlatformResult<WebhookDeliveryView>> ResendAsync(WebhookActor actor, Guid id, Guid deliveryId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        WebhookDelivery resend;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var endpoint = await Owned(db, actor).AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
            var original = endpoint is null
                ? null
                : await db.WebhookDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deliveryId && d.EndpointId == endpoint.Id, cancellationToken);
            if (original is null)
            {
                return NotFound<WebhookDeliveryView>("No such delivery of this endpoint.");
            }

            resend = WebhookEvents.NewDelivery(original.EventId, id, now);
            db.WebhookDeliveries.Add(resend);
            await db.SaveChangesAsync(cancellationToken);
        }

        await sender.SendNowAsync(resend.Id, cancellationToken);
        return await DeliveryAsync(resend.Id, cancellationToken);
    }

    /// <summary>One page of the endpoint's deliveries, newest first, each with its attempts. Pages are numbered from 1;
    /// <c>HasMore</c> says whether another page follows (no COUNT: the log is read a page at a time).</summary>
    public async Task<PlatformResult<WebhookDeliveryPage>> ListDeliveriesAsync(WebhookActor actor, Guid id, int limit = 25, int page = 1,
        CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > MaxDeliveriesListed)
        {
            return PlatformResult<WebhookDeliveryPage>.Fail("limit", $"Between 1 and {MaxDeliveriesListed}.");
        }

        if (page is < 1 or > MaxDeliveryPage)
        {
            return PlatformResult<WebhookDeliveryPage>.Fail("page", $"Between 1 and {MaxDeliveryPage}.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await Owned(db, actor).AnyAsync(e => e.Id == id, cancellationToken))
        {
            return NotFound<WebhookDeliveryPage>();
        }

        var deliveries = await db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == id)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Skip((page - 1) * limit).Take(limit + 1)
            .Select(d => new { Delivery = d, d.Event!.Type })
            .ToListAsync(cancellationToken);
        var hasMore = deliveries.Count > limit;
        var kept = deliveries.Take(limit).ToList();
        var ids = kept.Select(d => d.Delivery.Id).ToList();
        var attempts = (await db.WebhookAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).ToListAsync(cancellationToken))
            .ToLookup(a => a.DeliveryId);
        return new WebhookDeliveryPage([.. kept.Select(d => ToView(d.Delivery, d.Type, attempts[d.Delivery.Id]))], page, limit, hasMore);
    }

    private async Task<PlatformResult<WebhookDeliveryView>> DeliveryAsync(Guid deliveryId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.WebhookDeliveries.AsNoTracking().Where(d => d.Id == deliveryId)
            .Select(d => new { Delivery = d, d.Event!.Type }).FirstAsync(cancellationToken);
        var attempts = await db.WebhookAttempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId).ToListAsync(cancellationToken);
        return ToView(row.Delivery, row.Type, attempts);
    }

    private static WebhookDeliveryView ToView(WebhookDelivery d, string type, IEnumerable<WebhookAttempt> attempts) => new(
        d.Id, d.EventId, type, d.State.ToString().ToLowerInvariant(), d.AttemptCount, d.LastStatusCode, d.LastError, d.CreatedAt, d.NextAttemptAt,
        d.CompletedAt, [.. attempts.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Select(WebhookAttemptView.From)]);

    private static IQueryable<WebhookEndpoint> Owned(PortalDbContext db, WebhookActor actor)
    {
        var endpoints = db.WebhookEndpoints.Where(e => e.OwnerId == actor.UserId);
        return actor.Environment is { } environment ? endpoints.Where(e => e.Environment == environment) : endpoints;
    }

    private static PlatformResult<T> NotFound<T>(string message = "No such webhook endpoint.") => new PlatformResult<T>.NotFound(message);

    private static SecurityEventEntry Event(string type, WebhookActor actor, WebhookEndpoint endpoint, string details) =>
        new(type, actor.UserId, null, endpoint.OwnerId, "webhook_endpoint", endpoint.Id.ToString(), null, details, actor.Origin);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook endpoint {EndpointId} created by {ActorId} via {Via}")]
    private partial void LogCreated(Guid endpointId, string actorId, string via);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook endpoint {EndpointId} changed by {ActorId} via {Via}")]
    private partial void LogUpdated(Guid endpointId, string actorId, string via);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook endpoint {EndpointId} deleted by {ActorId} via {Via}")]
    private partial void LogDeleted(Guid endpointId, string actorId, string via);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook endpoint {EndpointId} secret rotated with grace {Grace} by {ActorId} via {Via}")]
    private partial void LogRotated(Guid endpointId, string grace, string actorId, string via);
}
