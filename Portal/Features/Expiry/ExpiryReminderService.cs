using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Mail;
using Notarial.Portal.Features.OAuth;
using Notarial.Portal.Features.Webhooks;

namespace Notarial.Portal.Features.Expiry;

/// <summary>
/// Warns before credentials lapse: API keys, applications' previous client secrets and webhook endpoints' previous
/// signing secrets that expire get an email — and, for keys and client secrets, an <c>*.expiring</c> webhook event —
/// 14, 7 and 1 days before, once each (a credential first seen at 5 days gets the 7-day reminder only), and keys send
/// <c>api_key.expired</c> when they expire. Time comes from <see cref="TimeProvider"/>; the job is safe to run
/// anywhere and any number of times, because each reminder is claimed by inserting its unique row.
/// </summary>
public sealed partial class ExpiryReminderService(
    IDbContextFactory<PortalDbContext> contexts,
    WebhookEvents webhooks,
    IMailSender mail,
    TimeProvider time,
    ILogger<ExpiryReminderService> logger)
{
    public static IReadOnlyList<int> ThresholdDays { get; } = [14, 7, 1];

    /// <summary>How far back an expiry still sends <c>api_key.expired</c> (a server that was down catches up; a fresh
    /// installation does not announce years of old keys).</summary>
    public static TimeSpan ExpiredLookBack { get; } = TimeSpan.FromDays(7);

    /// <summary>Sends what is due now; returns how many reminders (and expired events) went out.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var horizon = now + TimeSpan.FromDays(ThresholdDays[0]);
        var sent = 0;

        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var since = now - ExpiredLookBack;
            var keys = await db.ApiKeys.AsNoTracking()
                .Where(k => k.RevokedAt == null && k.ReplacedById == null && k.ExpiresAt != null && k.ExpiresAt <= horizon && k.ExpiresAt > since)
                .Select(k => new { Key = k, Email = db.Users.Where(u => u.Id == k.OwnerId).Select(u => u.Email).FirstOrDefault() })
                .ToListAsync(cancellationToken);
            foreach (var row in keys)
            {
                sent += await ApiKeyAsync(row.Key, row.Email, now, cancellationToken) ? 1 : 0;
            }

            var applications = await db.Set<OAuthApplication>().AsNoTracking()
                .Where(a => a.OwnerId != null && a.PreviousClientSecret != null && a.PreviousSecretExpiresAt != null && a.PreviousSecretExpiresAt > now && a.PreviousSecretExpiresAt <= horizon)
                .Select(a => new { a.Id, a.ClientId, a.DisplayName, a.OwnerId, a.Environment, ExpiresAt = a.PreviousSecretExpiresAt!.Value, Email = db.Users.Where(u => u.Id == a.OwnerId).Select(u => u.Email).FirstOrDefault() })
                .ToListAsync(cancellationToken);
            foreach (var app in applications)
            {
                var name = app.DisplayName ?? app.ClientId ?? "application";
                sent += await RemindAsync(ExpiringKinds.ClientSecret, app.Id!, app.ExpiresAt, now, app.Email,
                    days => ($"The previous client secret of “{name}” stops working in {Days(days)}",
                        [$"You rotated the client secret of your application “{name}” ({app.ClientId}). The previous secret keeps working until {Date(app.ExpiresAt)}, in {Days(days)}.",
                         "Make sure every system that uses this application has the new secret before then: after that, token requests with the old secret fail."]),
                    (db2, days) => webhooks.EnqueueAsync(db2, app.OwnerId, app.Environment, WebhookEventTypes.ApplicationSecretExpiring,
                        new { application = new { client_id = app.ClientId, name }, expires_at = app.ExpiresAt, days_left = days }, cancellationToken),
                    cancellationToken) ? 1 : 0;
            }

            var endpoints = await db.WebhookEndpoints.AsNoTracking()
                .Where(e => e.PreviousProtectedSecret != null && e.PreviousSecretExpiresAt != null && e.PreviousSecretExpiresAt > now && e.PreviousSecretExpiresAt <= horizon)
                .Select(e => new { e.Id, e.Url, ExpiresAt = e.PreviousSecretExpiresAt!.Value, Email = db.Users.Where(u => u.Id == e.OwnerId).Select(u => u.Email).FirstOrDefault() })
                .ToListAsync(cancellationToken);
            foreach (var endpoint in endpoints)
            {
                sent += await RemindAsync(ExpiringKinds.WebhookSecret, endpoint.Id.ToString(), endpoint.ExpiresAt, now, endpoint.Email,
                    days => ($"The previous signing secret of a webhook endpoint stops signing in {Days(days)}",
                        [$"You rotated the signing secret of your webhook endpoint {endpoint.Url}. Deliveries carry a signature with the previous secret until {Date(endpoint.ExpiresAt)}, in {Days(days)}.",
                         "Make sure your receiver verifies with the new secret before then."]),
                    null, cancellationToken) ? 1 : 0;
            }
        }

        if (sent > 0)
        {
            LogSent(sent);
        }

        return sent;
    }

    private async Task<bool> ApiKeyAsync(ApiKeys.ApiKey key, string? email, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expiresAt = key.ExpiresAt!.Value;
        if (expiresAt <= now)
        {
            return await ClaimAsync(ExpiringKinds.ApiKey, key.Id.ToString(), expiresAt, [0], now,
                db => webhooks.EnqueueAsync(db, key.OwnerId, key.Environment, WebhookEventTypes.ApiKeyExpired,
                    new { id = key.Id, name = key.Name, hint = key.Hint, environment = key.Environment, expired_at = expiresAt }, cancellationToken),
                cancellationToken);
        }

        return await RemindAsync(ExpiringKinds.ApiKey, key.Id.ToString(), expiresAt, now, email,
            days => ($"Your API key “{key.Name}” expires in {Days(days)}",
                [$"Your {key.Environment} API key “{key.Name}” ({key.Hint}) stops working on {Date(expiresAt)}, in {Days(days)}.",
                 "Rotate it on the API keys page of the portal (/keys) and move your integration to the new key before then, or requests will fail with expired_api_key."]),
            (db, days) => webhooks.EnqueueAsync(db, key.OwnerId, key.Environment, WebhookEventTypes.ApiKeyExpiring,
                new { id = key.Id, name = key.Name, hint = key.Hint, environment = key.Environment, expires_at = expiresAt, days_left = days }, cancellationToken),
            cancellationToken);
    }

    /// <summary>Sends the reminder of the smallest threshold passed, unless it was sent; larger passed thresholds are
    /// marked as sent with it, so one credential gets at most one mail per run.</summary>
    private async Task<bool> RemindAsync(string kind, string itemId, DateTimeOffset expiresAt, DateTimeOffset now, string? email,
        Func<int, (string Subject, string[] Paragraphs)> message, Func<PortalDbContext, int, Task<string?>>? publish, CancellationToken cancellationToken)
    {
        var left = expiresAt - now;
        var due = ThresholdDays.Where(t => left <= TimeSpan.FromDays(t)).ToArray();
        if (due.Length == 0)
        {
            return false;
        }

        var daysLeft = Math.Max(1, (int)Math.Ceiling(left.TotalDays));
        if (!await ClaimAsync(kind, itemId, expiresAt, due, now, publish is null ? null : db => publish(db, daysLeft), cancellationToken))
        {
            return false;
        }

        if (email is not null)
        {
            var (subject, paragraphs) = message(daysLeft);
            await mail.SendAsync(MailTemplate.Build(email, subject, "Hello,", paragraphs), cancellationToken);
        }

        return true;
    }

    /// <summary>Records the thresholds not yet recorded, with the webhook event, in one transaction; false when the
    /// smallest was already recorded (here or by another instance).</summary>
    private async Task<bool> ClaimAsync(string kind, string itemId, DateTimeOffset expiresAt, int[] thresholds, DateTimeOffset now,
        Func<PortalDbContext, Task<string?>>? publish, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var recorded = await db.ExpiryReminders.Where(r => r.Kind == kind && r.ItemId == itemId && r.ExpiresAt == expiresAt)
            .Select(r => r.ThresholdDays).ToListAsync(cancellationToken);
        if (recorded.Contains(thresholds.Min()))
        {
            return false;
        }

        foreach (var threshold in thresholds.Except(recorded))
        {
            db.ExpiryReminders.Add(new ExpiryReminder
            {
                Id = Guid.CreateVersion7(now),
                Kind = kind,
                ItemId = itemId,
                ExpiresAt = expiresAt,
                ThresholdDays = threshold,
                SentAt = now,
            });
        }

        if (publish is not null)
        {
            await publish(db);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another instance claimed the same reminder a moment earlier.
            return false;
        }
    }

    private static string Days(int days) => days == 1 ? "1 day" : $"{days} days";

    private static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("dddd d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} expiry reminder(s) sent")]
    private partial void LogSent(int count);
}
