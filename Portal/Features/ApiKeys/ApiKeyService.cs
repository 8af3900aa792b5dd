using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Caching;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Features.Webhooks;

namespace Notarial.Portal.Features.ApiKeys;

/// <summary>
/// Everything done to API keys, for the portal's pages and the management API alike: list, read, create, change, rotate,
/// revoke, and take leak reports. Every change is recorded as a security event with its actor, and announced on the
/// <see cref="IInvalidationBus"/> so that verification caches on every instance forget the old state at once.
/// </summary>
public sealed partial class ApiKeyService(
    IDbContextFactory<PortalDbContext> contexts,
    SecurityEventLog events,
    WebhookEvents webhooks,
    IInvalidationBus bus,
    ApiKeyUsageTracker usage,
    IOptions<ApiKeyOptions> options,
    TimeProvider time,
    ILogger<ApiKeyService> logger)
{
    public const string LeakReason = "Reported as leaked";

    /// <summary>The actor's keys, newest first (a managing key or token sees its own environment only).</summary>
    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(ApiKeyActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var keys = await Owned(db, actor).AsNoTracking().OrderByDescending(k => k.CreatedAt).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return [.. keys.Select(k => ApiKeyView.From(k, now, usage.Pending(k.Id)))];
    }

    public async Task<ApiKeyResult<ApiKeyView>> GetAsync(ApiKeyActor actor, Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = await Owned(db, actor).AsNoTracking().FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        return key is null ? new ApiKeyError.NotFound() : ApiKeyView.From(key, time.GetUtcNow(), usage.Pending(key.Id));
    }

    /// <summary>Creates a key; the result carries the secret, which exists nowhere else.</summary>
    public async Task<ApiKeyResult<CreatedApiKey>> CreateAsync(ApiKeyActor actor, ApiKeyDraft draft, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var account = await AccountAsync(db, actor.UserId, cancellationToken);
        if (account is null)
        {
            return new ApiKeyError.Conflict("The account no longer exists.");
        }

        var now = time.GetUtcNow();
        var errors = new List<FieldError>();
        var settings = Validate(draft, account.IsAdmin, actor.Ceiling, now, errors);
        if (settings is null)
        {
            return new ApiKeyError.Invalid(errors);
        }

        if (actor.Ceiling is { } ceiling && ApiKeyRules.BeyondCeiling(ceiling, settings) is { } beyond)
        {
            return new ApiKeyError.BeyondRights(beyond);
        }

        var secret = ApiKeyFormat.Generate(settings.Environment);
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(now),
            OwnerId = actor.UserId,
            Hash = ApiKeyHasher.Hash(secret).ToArray(),
            Hint = ApiKeyFormat.Hint(secret),
            CreatedAt = now,
        };
        Apply(key, settings);
        db.ApiKeys.Add(key);
        events.Add(db, Event(SecurityEventTypes.ApiKeyCreated, actor, account, key,
            $"{key.Name} ({key.Hint}): {ApiKeyTypes.Name(key.Type)}, {key.Environment}, {key.Scopes}; via {actor.Via}"));
        await webhooks.EnqueueAsync(db, key.OwnerId, key.Environment, WebhookEventTypes.ApiKeyCreated, new
        {
            id = key.Id,
            name = key.Name,
            hint = key.Hint,
            type = ApiKeyTypes.Name(key.Type),
            environment = key.Environment,
            scopes = key.ScopeList,
            expires_at = key.ExpiresAt,
        }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        LogCreated(key.Id, actor.UserId, actor.Via);
        return new CreatedApiKey(ApiKeyView.From(key, now), secret);
    }

    /// <summary>Changes name, scopes, expiry, IP allowlist or rate limits of an active key.</summary>
    public async Task<ApiKeyResult<ApiKeyView>> UpdateAsync(ApiKeyActor actor, Guid id, ApiKeyChanges changes, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = await Owned(db, actor).FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        var account = await AccountAsync(db, actor.UserId, cancellationToken);
        if (key is null || account is null)
        {
            return new ApiKeyError.NotFound();
        }

        var now = time.GetUtcNow();
        if (key.StateAt(now) is var state && state != ApiKeyState.Active)
        {
            return new ApiKeyError.Conflict(state == ApiKeyState.Rotating
                ? "This key was rotated: change its replacement instead."
                : $"This key is {Describe(state)} and can no longer be changed.");
        }

        if (ApiKeyTypes.RequiresAdmin(key.Type) && !account.IsAdmin)
        {
            return new ApiKeyError.BeyondRights("Only administrators can change internal keys.");
        }

        var errors = new List<FieldError>();
        var current = SettingsOf(key);
        var name = changes.Name is null ? current.Name : ApiKeyRules.Name(changes.Name, errors);
        var scopes = changes.Scopes is null ? current.Scopes : ApiKeyRules.Scopes(key.Type, changes.Scopes, errors);
        var expiresAt = current.ExpiresAt;
        if (changes.Expires is not null)
        {
            ApiKeyRules.Expiry(changes.Expires, now, errors, out expiresAt);
        }

        var networks = changes.AllowedIps is null ? current.Networks : ApiKeyRules.Networks(changes.AllowedIps, errors);
        var (perHour, burst) = changes.RequestsPerHour is null && changes.BurstPerSecond is null
            ? (current.RequestsPerHour, current.BurstPerSecond)
            : ApiKeyRules.Limits(key.Type, changes.RequestsPerHour ?? current.RequestsPerHour, changes.BurstPerSecond ?? current.BurstPerSecond, options.Value, errors);
        if (errors.Count > 0 || name is null || scopes is null || networks is null)
        {
            return new ApiKeyError.Invalid(errors);
        }

        var updated = current with
        {
            Name = name,
            Scopes = scopes,
            ExpiresAt = expiresAt,
            Networks = networks,
            RequestsPerHour = perHour,
            BurstPerSecond = burst,
        };
        var aspects = (changes.Scopes is null ? 0 : ApiKeyAspects.Scopes) | (changes.AllowedIps is null ? 0 : ApiKeyAspects.Networks) |
            (changes.RequestsPerHour is null && changes.BurstPerSecond is null ? 0 : ApiKeyAspects.Limits) | (changes.Expires is null ? 0 : ApiKeyAspects.Expiry);
        if (actor.Ceiling is { } ceiling && ApiKeyRules.BeyondCeiling(ceiling, updated, aspects) is { } beyond)
        {
            return new ApiKeyError.BeyondRights(beyond);
        }

        var changed = Changed(current, updated);
        if (changed.Count == 0)
        {
            return ApiKeyView.From(key, now, usage.Pending(key.Id));
        }

        Apply(key, updated);
        events.Add(db, Event(SecurityEventTypes.ApiKeyUpdated, actor, account, key, $"{key.Name} ({key.Hint}): {string.Join(", ", changed)} changed; via {actor.Via}"));
        await db.SaveChangesAsync(cancellationToken);
        await InvalidateAsync(key.Id, cancellationToken);
        LogUpdated(key.Id, actor.UserId, actor.Via);
        return ApiKeyView.From(key, now, usage.Pending(key.Id));
    }

    /// <summary>
    /// Replaces an active key by a new one with the same settings (and a fresh lifetime of the same length). The old key
    /// keeps working for the grace period; at most two keys of a rotation chain work at once, so an older key still in
    /// its grace stops now.
    /// </summary>
    public async Task<ApiKeyResult<CreatedApiKey>> RotateAsync(ApiKeyActor actor, Guid id, string? grace, CancellationToken cancellationToken = default)
    {
        if (ApiKeyRotationGrace.Find(grace) is not { } period)
        {
            return new ApiKeyError.Invalid([new FieldError(ApiKeyFields.Grace, "Pick how long the old key keeps working: now, 1h, 24h or 7d.")]);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = await Owned(db, actor).FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        var account = await AccountAsync(db, actor.UserId, cancellationToken);
        if (key is null || account is null)
        {
            return new ApiKeyError.NotFound();
        }

        var now = time.GetUtcNow();
        switch (key.StateAt(now))
        {
            case ApiKeyState.Revoked:
                return new ApiKeyError.Conflict("A revoked key cannot be rotated: create a new key.");
            case ApiKeyState.Expired:
                return new ApiKeyError.Conflict("An expired key cannot be rotated: create a new key.");
            case ApiKeyState.Rotating:
                return new ApiKeyError.Conflict("This key was already rotated: rotate its replacement instead.");
        }

        if (ApiKeyTypes.RequiresAdmin(key.Type) && !account.IsAdmin)
        {
            return new ApiKeyError.BeyondRights("Only administrators can rotate internal keys.");
        }

        // A rotation renews the lifetime: it is not held to the managing credential's own expiry (a key may rotate itself).
        if (actor.Ceiling is { } ceiling && ApiKeyRules.BeyondCeiling(ceiling, SettingsOf(key), ApiKeyAspects.All & ~ApiKeyAspects.Expiry) is { } beyond)
        {
            return new ApiKeyError.BeyondRights(beyond);
        }

        var retired = new List<Guid> { key.Id };
        if (key.RotatedFromId is { } previousId &&
            await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == previousId, cancellationToken) is { } previous &&
            previous.StateAt(now) == ApiKeyState.Rotating)
        {
            previous.RetiresAt = now;
            retired.Add(previous.Id);
        }

        var secret = ApiKeyFormat.Generate(key.Environment);
        var replacement = new ApiKey
        {
            Id = Guid.CreateVersion7(now),
            OwnerId = key.OwnerId,
            Hash = ApiKeyHasher.Hash(secret).ToArray(),
            Hint = ApiKeyFormat.Hint(secret),
            CreatedAt = now,
            RotatedFromId = key.Id,
        };
        Apply(replacement, SettingsOf(key) with { ExpiresAt = key.ExpiresAt is { } expires ? now + (expires - key.CreatedAt) : null });
        key.ReplacedById = replacement.Id;
        key.RetiresAt = now + period.Duration;
        db.ApiKeys.Add(replacement);
        events.Add(db, Event(SecurityEventTypes.ApiKeyRotated, actor, account, key,
            $"{key.Name} ({key.Hint}) replaced by {replacement.Hint}; the old key works until {key.EndsAt:yyyy-MM-dd HH:mm} UTC; via {actor.Via}"));
        await webhooks.EnqueueAsync(db, key.OwnerId, key.Environment, WebhookEventTypes.ApiKeyRotated, new
        {
            id = key.Id,
            replaced_by = replacement.Id,
            name = key.Name,
            hint = replacement.Hint,
            environment = key.Environment,
            old_key_works_until = key.EndsAt,
        }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var retiredId in retired)
        {
            await InvalidateAsync(retiredId, cancellationToken);
        }

        LogRotated(key.Id, replacement.Id, period.Name, actor.UserId, actor.Via);
        return new CreatedApiKey(ApiKeyView.From(replacement, now), secret);
    }

    /// <summary>Revokes a key at once, on every instance. Revoking a revoked key changes nothing.</summary>
    public async Task<ApiKeyResult<ApiKeyView>> RevokeAsync(ApiKeyActor actor, Guid id, string? reason = null, CancellationToken cancellationToken = default)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason is { Length: > ApiKeyRules.MaxReasonLength })
        {
            return new ApiKeyError.Invalid([new FieldError(ApiKeyFields.Reason, $"Use at most {ApiKeyRules.MaxReasonLength} characters.")]);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = await Owned(db, actor).FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        var account = await AccountAsync(db, actor.UserId, cancellationToken);
        if (key is null || account is null)
        {
            return new ApiKeyError.NotFound();
        }

        var now = time.GetUtcNow();
        if (key.RevokedAt is null)
        {
            key.RevokedAt = now;
            key.RevokedBy = actor.UserId;
            key.RevokedReason = reason ?? "Revoked by its owner";
            events.Add(db, Event(SecurityEventTypes.ApiKeyRevoked, actor, account, key, $"{key.Name} ({key.Hint}); via {actor.Via}", key.RevokedReason));
            await EnqueueRevokedAsync(db, key, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await InvalidateAsync(key.Id, cancellationToken);
            LogRevoked(key.Id, actor.UserId, actor.Via);
        }

        return ApiKeyView.From(key, now, usage.Pending(key.Id));
    }

    /// <summary>
    /// Takes a leaked key's plaintext (from a secret scanner, or anyone who found it): a valid key is revoked and the
    /// report recorded for its owner. The answer is the same whether the key existed, was active or was already revoked.
    /// </summary>
    public async Task<ApiKeyLeakReport> ReportLeakAsync(string? presented, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        var candidate = presented?.Trim();
        if (candidate is null || !ApiKeyFormat.IsValid(candidate))
        {
            return ApiKeyLeakReport.NotAKey;
        }

        var hash = ApiKeyHasher.Hash(candidate).ToArray();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Hash == hash, cancellationToken);
        if (key is null)
        {
            return ApiKeyLeakReport.Received;
        }

        var now = time.GetUtcNow();
        var wasActive = key.RevokedAt is null;
        if (wasActive)
        {
            key.RevokedAt = now;
            key.RevokedReason = LeakReason;
        }

        events.Add(db, new SecurityEventEntry(SecurityEventTypes.ApiKeyLeakReported, SubjectUserId: key.OwnerId, TargetType: TargetType,
            TargetId: key.Id.ToString(), Reason: LeakReason, Details: $"{key.Name} ({key.Hint}){(wasActive ? " revoked" : " was already revoked")}", Origin: origin));
        if (wasActive)
        {
            await EnqueueRevokedAsync(db, key, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await InvalidateAsync(key.Id, cancellationToken);
        LogLeakReported(key.Id, wasActive);
        return ApiKeyLeakReport.Received;
    }

    private const string TargetType = "api_key";

    private Task<string?> EnqueueRevokedAsync(PortalDbContext db, ApiKey key, CancellationToken cancellationToken) =>
        webhooks.EnqueueAsync(db, key.OwnerId, key.Environment, WebhookEventTypes.ApiKeyRevoked,
            new { id = key.Id, name = key.Name, hint = key.Hint, environment = key.Environment, reason = key.RevokedReason }, cancellationToken);

    private IQueryable<ApiKey> Owned(PortalDbContext db, ApiKeyActor actor)
    {
        var keys = db.ApiKeys.Where(k => k.OwnerId == actor.UserId);
        return actor.Ceiling?.Environment is { } environment ? keys.Where(k => k.Environment == environment) : keys;
    }

    private ApiKeySettings? Validate(ApiKeyDraft draft, bool isAdmin, ApiKeyCeiling? ceiling, DateTimeOffset now, List<FieldError> errors)
    {
        var name = ApiKeyRules.Name(draft.Name, errors);
        var type = ApiKeyRules.Type(draft.Type, isAdmin, errors);
        var environment = ApiKeyRules.Environment(draft.Environment, errors);
        var scopes = type is { } t ? ApiKeyRules.Scopes(t, draft.Scopes, errors) : null;
        ApiKeyRules.Expiry(draft.Expires, now, errors, out var expiresAt);
        var networks = ApiKeyRules.Networks(draft.AllowedIps, errors);
        var (perHour, burst) = type is { } kind ? ApiKeyRules.Limits(kind, draft.RequestsPerHour, draft.BurstPerSecond, options.Value, errors) : (null, null);
        if (errors.Count > 0 || name is null || type is null || environment is null || scopes is null || networks is null)
        {
            return null;
        }

        // What a managing credential leaves at the default is held to its own bounds, rather than refused.
        if (ceiling is not null)
        {
            if (draft.Expires is null && ceiling.ExpiresAt is { } end && (expiresAt is null || expiresAt > end))
            {
                expiresAt = end;
            }

            if (draft.AllowedIps is null && ceiling.Networks is { Count: > 0 } allowed)
            {
                networks = allowed;
            }

            if (draft.RequestsPerHour is null && ceiling.RequestsPerHour is { } hour && perHour > hour)
            {
                perHour = hour;
            }

            if (draft.BurstPerSecond is null && ceiling.BurstPerSecond is { } second && burst > second)
            {
                burst = second;
            }
        }

        return new ApiKeySettings(name, type.Value, environment, scopes, expiresAt, networks, perHour, burst);
    }

    private static ApiKeySettings SettingsOf(ApiKey key) =>
        new(key.Name, key.Type, key.Environment, key.ScopeList, key.ExpiresAt, ApiKeyIpAllowlist.FromStored(key.AllowedIps), key.RequestsPerHour, key.BurstPerSecond);

    private static void Apply(ApiKey key, ApiKeySettings settings)
    {
        key.Name = settings.Name;
        key.Type = settings.Type;
        key.Environment = settings.Environment;
        key.Scopes = string.Join(' ', settings.Scopes);
        key.ExpiresAt = settings.ExpiresAt;
        key.AllowedIps = ApiKeyIpAllowlist.ToStored(settings.Networks);
        key.RequestsPerHour = settings.RequestsPerHour;
        key.BurstPerSecond = settings.BurstPerSecond;
    }

    private static List<string> Changed(ApiKeySettings before, ApiKeySettings after)
    {
        var changed = new List<string>();
        if (before.Name != after.Name)
        {
            changed.Add("name");
        }

        if (!before.Scopes.SequenceEqual(after.Scopes))
        {
            changed.Add($"scopes ({string.Join(' ', after.Scopes)})");
        }

        if (before.ExpiresAt != after.ExpiresAt)
        {
            changed.Add(after.ExpiresAt is { } at ? $"expiry ({at:yyyy-MM-dd HH:mm} UTC)" : "expiry (never)");
        }

        if (!before.Networks.SequenceEqual(after.Networks))
        {
            changed.Add(after.Networks.Count == 0 ? "IP allowlist (any address)" : $"IP allowlist ({string.Join(' ', after.Networks)})");
        }

        if (before.RequestsPerHour != after.RequestsPerHour || before.BurstPerSecond != after.BurstPerSecond)
        {
            changed.Add($"rate limit ({after.RequestsPerHour}/h, {after.BurstPerSecond}/s)");
        }

        return changed;
    }

    private static string Describe(ApiKeyState state) => state switch
    {
        ApiKeyState.Revoked => "revoked",
        ApiKeyState.Expired => "expired",
        ApiKeyState.Rotating => "being replaced",
        _ => "active",
    };

    private static SecurityEventEntry Event(string type, ApiKeyActor actor, AccountFacts account, ApiKey key, string details, string? reason = null) =>
        new(type, actor.UserId, account.Email, key.OwnerId, TargetType, key.Id.ToString(), reason, details, actor.Origin);

    private static Task<AccountFacts?> AccountAsync(PortalDbContext db, string userId, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Id == userId)
            .Select(u => new AccountFacts(u.Email, db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == PortalRoles.Admin))))
            .FirstOrDefaultAsync(cancellationToken);

    private Task InvalidateAsync(Guid id, CancellationToken cancellationToken) =>
        bus.PublishAsync(new InvalidationMessage(ApiKeyCache.Topic, id.ToString()), cancellationToken);

    private sealed record AccountFacts(string? Email, bool IsAdmin);

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {KeyId} created by {ActorId} via {Via}")]
    private partial void LogCreated(Guid keyId, string actorId, string via);

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {KeyId} changed by {ActorId} via {Via}")]
    private partial void LogUpdated(Guid keyId, string actorId, string via);

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {KeyId} rotated to {NewKeyId} with grace {Grace} by {ActorId} via {Via}")]
    private partial void LogRotated(Guid keyId, Guid newKeyId, string grace, string actorId, string via);

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {KeyId} revoked by {ActorId} via {Via}")]
    private partial void LogRevoked(Guid keyId, string actorId, string via);

    [LoggerMessage(Level = LogLevel.Warning, Message = "API key {KeyId} reported as leaked (was active: {WasActive})")]
    private partial void LogLeakReported(Guid keyId, bool wasActive);
}
