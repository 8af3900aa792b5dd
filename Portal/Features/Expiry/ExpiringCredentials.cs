using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Data;
using Notarial.Portal.Features.OAuth;

namespace Notarial.Portal.Features.Expiry;

/// <summary>Something of the account's that stops working soon, as the dashboard lists it.</summary>
public sealed record ExpiringItem(string Kind, string Title, string Name, string? Detail, DateTimeOffset ExpiresAt, string Href);

/// <summary>What of an account expires within the next 14 days: API keys (including rotated keys in their grace),
/// applications' previous client secrets and webhook endpoints' previous signing secrets.</summary>
public sealed class ExpiringCredentials(IDbContextFactory<PortalDbContext> contexts, TimeProvider time)
{
    public static TimeSpan Window { get; } = TimeSpan.FromDays(14);

    public async Task<IReadOnlyList<ExpiringItem>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var horizon = now + Window;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking()
            .Where(k => k.OwnerId == userId && k.RevokedAt == null &&
                ((k.ExpiresAt != null && k.ExpiresAt > now && k.ExpiresAt <= horizon) || (k.RetiresAt != null && k.RetiresAt > now && k.RetiresAt <= horizon)))
            .ToListAsync(cancellationToken);
        var applications = await db.Set<OAuthApplication>().AsNoTracking()
            .Where(a => a.OwnerId == userId && a.PreviousClientSecret != null && a.PreviousSecretExpiresAt > now && a.PreviousSecretExpiresAt <= horizon)
            .Select(a => new { a.Id, a.DisplayName, a.ClientId, ExpiresAt = a.PreviousSecretExpiresAt!.Value })
            .ToListAsync(cancellationToken);
        var endpoints = await db.WebhookEndpoints.AsNoTracking()
            .Where(e => e.OwnerId == userId && e.PreviousProtectedSecret != null && e.PreviousSecretExpiresAt > now && e.PreviousSecretExpiresAt <= horizon)
            .Select(e => new { e.Id, e.Url, ExpiresAt = e.PreviousSecretExpiresAt!.Value })
            .ToListAsync(cancellationToken);

        var items = new List<ExpiringItem>();
        items.AddRange(keys.Where(k => k.EndsAt is { } ends && ends > now && ends <= horizon).Select(k => new ExpiringItem(ExpiringKinds.ApiKey,
            k.ReplacedById is null ? "API key" : "Rotated API key", k.Name, k.Hint, k.EndsAt!.Value, $"keys/{k.Id}")));
        items.AddRange(applications.Select(a => new ExpiringItem(ExpiringKinds.ClientSecret, "Previous client secret",
            a.DisplayName ?? a.ClientId ?? "Application", a.ClientId, a.ExpiresAt, "apps")));
        items.AddRange(endpoints.Select(e => new ExpiringItem(ExpiringKinds.WebhookSecret, "Previous webhook secret", e.Url, null, e.ExpiresAt, $"webhooks/{e.Id}")));
        return [.. items.OrderBy(i => i.ExpiresAt)];
    }
}
