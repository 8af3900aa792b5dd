namespace Notarial.Portal.Server.Features.Webhooks;

/// <summary>POST /api/v1/webhooks: environment defaults to the credential's own (live for the portal session).</summary>
public sealed record CreateWebhookRequest(string? Url, string? Description, IReadOnlyList<string>? Events, string? Environment);

/// <summary>PATCH /api/v1/webhooks/{id}: fields left out stay as they are.</summary>
public sealed record UpdateWebhookRequest(string? Url, string? Description, IReadOnlyList<string>? Events, bool? Enabled);

/// <summary>POST /api/v1/webhooks/{id}/rotate-secret: how long the old secret keeps signing (now, 1h, 24h, 7d; default 24h).</summary>
public sealed record RotateWebhookSecretRequest(string? Grace);

/// <summary>A list answer: <c>{"data":[...]}</c>.</summary>
public sealed record WebhookList<T>(IReadOnlyList<T> Data);

/// <summary>One event of the catalog with a sample body, exactly as it would be sent.</summary>
public sealed record WebhookEventTypeResponse(string Name, string Group, string Description, System.Text.Json.JsonElement Sample);
