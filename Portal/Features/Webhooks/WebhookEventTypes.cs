namespace Notarial.Portal.Features.Webhooks;

/// <summary>One kind of event an endpoint can subscribe to, with what it means and a sample of its <c>data</c>.</summary>
public sealed record WebhookEventType(string Name, string Group, string Description, object SampleData);

/// <summary>The events the platform sends, each documented with a sample payload.</summary>
public static class WebhookEventTypes
{
    public const string ApiKeyCreated = "api_key.created";
    public const string ApiKeyRotated = "api_key.rotated";
    public const string ApiKeyRevoked = "api_key.revoked";
    public const string ApiKeyExpiring = "api_key.expiring";
    public const string ApiKeyExpired = "api_key.expired";
    public const string ApplicationSecretRotated = "application.secret_rotated";
    public const string ApplicationSecretExpiring = "application.secret_expiring";
    public const string ConsentGranted = "consent.granted";
    public const string ConsentRevoked = "consent.revoked";
    public const string OrderCreated = "order.created";
    public const string OrderUpdated = "order.updated";
    public const string OrderDeleted = "order.deleted";
    public const string ImportCompleted = "import.completed";

    /// <summary>Sent by "Send test event" only; every endpoint receives it whatever it subscribed to.</summary>
    public const string Test = "webhook.test";

    private static readonly object SampleKey = new
    {
        id = "0193a1b2-7c4d-7e5f-8a9b-0c1d2e3f4a5b",
        name = "Billing sync",
        hint = "notary_xK9m…7bN9",
        type = "partner",
        environment = "live",
        scopes = new[] { "orders:read", "webhooks:manage" },
        expires_at = "2027-02-21T10:00:00+00:00",
    };

    private static readonly object SampleOrder = new
    {
        id = "ord_01JD3K8X2V9QW4ZP7M5T",
        number = "ORD-20261123-7KQ2M",
        status = "pending",
        customer_name = "Ada Lovelace",
        customer_email = "ada@example.com",
        service = "Power of attorney",
        amount = 120.5m,
        currency = "EUR",
        scheduled_for = (string?)null,
        notes = (string?)null,
        environment = "live",
        created_at = "2026-11-23T10:00:00+00:00",
        updated_at = "2026-11-23T10:00:00+00:00",
    };

    private static readonly object SampleApplication = new { client_id = "app_7f3k2m9q", name = "Acme Scheduler" };

    public static IReadOnlyList<WebhookEventType> All { get; } =
    [
        new(ApiKeyCreated, "API keys", "An API key was created (never its secret: only its hint).", SampleKey),
        new(ApiKeyRotated, "API keys", "An API key was replaced by a new one; the old one works until old_key_works_until.",
            new { id = "0193a1b2-7c4d-7e5f-8a9b-0c1d2e3f4a5b", replaced_by = "0193a1c0-1111-7e5f-8a9b-0c1d2e3f4a5b", name = "Billing sync", hint = "notary_Qm2x…c81P", environment = "live", old_key_works_until = "2026-11-24T10:00:00+00:00" }),
        new(ApiKeyRevoked, "API keys", "An API key was revoked: requests with it fail from now on.",
            new { id = "0193a1b2-7c4d-7e5f-8a9b-0c1d2e3f4a5b", name = "Billing sync", hint = "notary_xK9m…7bN9", environment = "live", reason = "Revoked by its owner" }),
        new(ApiKeyExpiring, "API keys", "An API key expires within 14, 7 or 1 days (sent once at each).",
            new { id = "0193a1b2-7c4d-7e5f-8a9b-0c1d2e3f4a5b", name = "Billing sync", hint = "notary_xK9m…7bN9", environment = "live", expires_at = "2026-11-30T10:00:00+00:00", days_left = 7 }),
        new(ApiKeyExpired, "API keys", "An API key reached its expiry and stopped working.",
            new { id = "0193a1b2-7c4d-7e5f-8a9b-0c1d2e3f4a5b", name = "Billing sync", hint = "notary_xK9m…7bN9", environment = "live", expired_at = "2026-11-30T10:00:00+00:00" }),
        new(ApplicationSecretRotated, "Applications", "An application's client secret was rotated; the previous one works until previous_secret_works_until.",
            new { application = SampleApplication, previous_secret_works_until = "2026-11-30T10:00:00+00:00" }),
        new(ApplicationSecretExpiring, "Applications", "An application's previous client secret stops working within 14, 7 or 1 days.",
            new { application = SampleApplication, expires_at = "2026-11-30T10:00:00+00:00", days_left = 1 }),
        new(ConsentGranted, "Consent", "A user allowed one of your applications to act for them.",
            new { application = SampleApplication, user_id = "5b1c7a2e-93f0-4d6b-a1c8-0e2f7d9b3a41", authorization_id = "0193a1d4-2222-7e5f-8a9b-0c1d2e3f4a5b", scopes = new[] { "openid", "orders:read" } }),
        new(ConsentRevoked, "Consent", "A user revoked one of your applications' access; its tokens stopped working.",
            new { application = SampleApplication, user_id = "5b1c7a2e-93f0-4d6b-a1c8-0e2f7d9b3a41", authorization_id = "0193a1d4-2222-7e5f-8a9b-0c1d2e3f4a5b" }),
        new(OrderCreated, "Orders", "An order was created through the API (orders created by an import are announced once, by import.completed).", SampleOrder),
        new(OrderUpdated, "Orders", "An order was changed; data is the order as it is now.", SampleOrder),
        new(OrderDeleted, "Orders", "An order was deleted; data is the order as it was.", SampleOrder),
        new(ImportCompleted, "Imports", "A CSV import finished and its rows were saved.",
            new { entity = "orders", imported = 250 }),
    ];

    public static WebhookEventType TestEvent { get; } = new(Test, "Test", "Sent when you press “Send test event”.",
        new { message = "This is a test event from the Notarial Developer Portal.", endpoint_id = "0193a1e0-3333-7e5f-8a9b-0c1d2e3f4a5b" });

    public static bool IsKnown(string name) => All.Any(t => t.Name == name);

    /// <summary>A sample body of <paramref name="type"/>, exactly as it would be sent.</summary>
    public static string SamplePayload(WebhookEventType type, DateTimeOffset at) =>
        WebhookJson.Envelope("evt_01JD3K8X2V9QW4ZP7M5T", type.Name, at, "live", type.SampleData);
}
