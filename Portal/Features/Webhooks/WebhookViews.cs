using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Features.Webhooks;

/// <summary>Who manages webhook endpoints: the account, how (for the security log), from where, and — for a key or a
/// token — the one environment it may see.</summary>
public sealed record WebhookActor(string UserId, RequestOrigin Origin, string Via = "portal", string? Environment = null)
{
    public static WebhookActor Session(string userId, RequestOrigin origin, string via = "portal") => new(userId, origin, via);
}

/// <summary>A new endpoint as the form or the API sends it.</summary>
public sealed record WebhookDraft(string? Url, string? Description, IReadOnlyCollection<string>? Events, string? Environment, string? ApplicationId = null);

/// <summary>Changes to an endpoint; null leaves a field as it is (an empty description clears it).</summary>
public sealed record WebhookChanges(string? Url = null, string? Description = null, IReadOnlyCollection<string>? Events = null, bool? Enabled = null);

/// <summary>An endpoint as the pages and the API show it (never its secret).</summary>
public sealed record WebhookEndpointView(
    Guid Id,
    string Url,
    string? Description,
    IReadOnlyList<string> Events,
    string Environment,
    string SecretHint,
    DateTimeOffset SecretCreatedAt,
    DateTimeOffset? PreviousSecretExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DisabledAt,
    string? DisabledReason,
    DateTimeOffset? FailingSince,
    DateTimeOffset? LastSuccessAt,
    string? ApplicationId)
{
    public bool Enabled => DisabledAt is null;

    /// <summary>"enabled", "failing" or "disabled".</summary>
    public string State => DisabledAt is not null ? "disabled" : FailingSince is not null ? "failing" : "enabled";

    public static WebhookEndpointView From(WebhookEndpoint e, DateTimeOffset now) => new(
        e.Id, e.Url, e.Description, e.EventList, e.Environment, e.SecretHint, e.SecretCreatedAt,
        e.HasPreviousSecretAt(now) ? e.PreviousSecretExpiresAt : null, e.CreatedAt, e.UpdatedAt, e.DisabledAt, e.DisabledReason,
        e.FailingSince, e.LastSuccessAt, e.ApplicationId);
}

/// <summary>An endpoint just made or given a new secret: the secret exists only here, shown once.</summary>
public sealed record CreatedWebhookEndpoint(WebhookEndpointView Endpoint, string Secret);

/// <summary>One event on its way to an endpoint, with its attempts (newest first).</summary>
public sealed record WebhookDeliveryView(
    Guid Id,
    string EventId,
    string EventType,
    string State,
    int AttemptCount,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<WebhookAttemptView> Attempts);

public sealed record WebhookAttemptView(DateTimeOffset At, int? StatusCode, int LatencyMs, string? Error, string? ResponseExcerpt, bool Succeeded, DateTimeOffset? NextRetryAt)
{
    public static WebhookAttemptView From(WebhookAttempt a) => new(a.At, a.StatusCode, a.LatencyMs, a.Error, a.ResponseExcerpt, a.Succeeded, a.NextRetryAt);
}

/// <summary>One page of an endpoint's delivery log: <c>page</c> (from 1) and <c>limit</c> as asked, <c>has_more</c> when
/// the next page (<c>page + 1</c>) holds more.</summary>
public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDeliveryView> Data, int Page, int Limit, bool HasMore);
