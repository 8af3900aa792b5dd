using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Caching;

namespace Notarial.Portal.Features.OAuth.Revocation;

/// <summary>
/// Answers "is this access token revoked?" from memory, so the platform API honours revocation at once without a
/// database round trip per request. Access tokens are self-contained JWTs without token rows; a revocation is recorded
/// as an entry (one token, a grant, every token of a client or of a user issued before a moment) that lives as long as
/// a token it concerns could. Entries are written to the database, applied here at once, announced to other instances
/// through the invalidation bus, and re-read from the database on an interval in case a message was lost.
/// </summary>
public sealed class TokenRevocationList : IDisposable
{
    public const string Topic = "oauth_revocation";

    private readonly IDbContextFactory<PortalDbContext> _contexts;
    private readonly IInvalidationBus _bus;
    private readonly TimeProvider _time;
    private readonly IDisposable _subscription;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _authorizations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (DateTimeOffset NotBefore, DateTimeOffset Expires)> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (DateTimeOffset NotBefore, DateTimeOffset Expires)> _subjects = new(StringComparer.Ordinal);
    private DateTimeOffset? _lastSync;

    public TokenRevocationList(IDbContextFactory<PortalDbContext> contexts, IInvalidationBus bus, TimeProvider time, IOptions<RevocationListOptions> options)
    {
        AccessTokenLifetime = options.Value.AccessTokenLifetime;
        _contexts = contexts;
        _bus = bus;
        _time = time;
        _subscription = bus.Subscribe(Topic, message => Apply(Decode(message.Id)));
    }

    /// <summary>How long an access token lives: revocations are kept this long after they are made.</summary>
    public TimeSpan AccessTokenLifetime { get; }

    /// <summary>Whether a token with these properties is revoked. Costs a few dictionary lookups.</summary>
    public bool IsRevoked(string? tokenId, string? authorizationId, string? clientId, string? subject, DateTimeOffset issuedAt)
    {
        var now = _time.GetUtcNow();
        return (tokenId is not null && _tokens.TryGetValue(tokenId, out var tokenExpires) && tokenExpires > now) ||
               (authorizationId is not null && _authorizations.TryGetValue(authorizationId, out var grantExpires) && grantExpires > now) ||
               (clientId is not null && _clients.TryGetValue(clientId, out var client) && client.Expires > now && issuedAt < client.NotBefore) ||
               (subject is not null && _subjects.TryGetValue(subject, out var user) && user.Expires > now && issuedAt < user.NotBefore);
    }

    /// <summary>Revokes one access token until it would have expired.</summary>
    public Task RevokeTokenAsync(string tokenId, DateTimeOffset tokenExpiresAt, CancellationToken cancellationToken = default) =>
        AddAsync(RevocationKind.Token, tokenId, tokenExpiresAt, cancellationToken);

    /// <summary>Revokes every access token of a grant (its refresh tokens are revoked in their rows by OpenIddict).</summary>
    public Task RevokeAuthorizationAsync(string authorizationId, CancellationToken cancellationToken = default) =>
        AddAsync(RevocationKind.Authorization, authorizationId, _time.GetUtcNow() + AccessTokenLifetime, cancellationToken);

    /// <summary>Revokes every access token issued to a client until now.</summary>
    public Task RevokeClientAsync(string clientId, CancellationToken cancellationToken = default) =>
        AddAsync(RevocationKind.Client, clientId, _time.GetUtcNow() + AccessTokenLifetime, cancellationToken);

    /// <summary>Revokes every access token issued for a user until now (account locked, deleted, signed out everywhere).</summary>
    public Task RevokeSubjectAsync(string subject, CancellationToken cancellationToken = default) =>
        AddAsync(RevocationKind.Subject, subject, _time.GetUtcNow() + AccessTokenLifetime, cancellationToken);

    /// <summary>Reads entries made since the last read (all unexpired ones the first time) and forgets expired ones.</summary>
    public async Task SyncAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);

        // By time, with a margin, not by id: another instance's entry can commit after one with a higher id was read.
        // Applying an entry twice changes nothing.
        var since = _lastSync is { } last ? last - TimeSpan.FromMinutes(1) : DateTimeOffset.MinValue;
        var entries = await db.Set<RevocationEntry>().AsNoTracking()
            .Where(e => e.RevokedAt >= since && e.ExpiresAt > now)
            .ToListAsync(cancellationToken);
        foreach (var entry in entries)
        {
            Apply(entry);
        }

        _lastSync = now;

        Forget(_tokens, now);
        Forget(_authorizations, now);
        ForgetWindows(_clients, now);
        ForgetWindows(_subjects, now);
    }

    /// <summary>Deletes entries that can no longer matter.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var now = _time.GetUtcNow();
        return await db.Set<RevocationEntry>().Where(e => e.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task AddAsync(RevocationKind kind, string value, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var entry = new RevocationEntry { Kind = kind, Value = value, RevokedAt = _time.GetUtcNow(), ExpiresAt = expiresAt };
        await using (var db = await _contexts.CreateDbContextAsync(cancellationToken))
        {
            db.Set<RevocationEntry>().Add(entry);
            await db.SaveChangesAsync(cancellationToken);
        }

        await _bus.PublishAsync(new InvalidationMessage(Topic, Encode(entry)), cancellationToken);
    }

    private void Apply(RevocationEntry? entry)
    {
        switch (entry?.Kind)
        {
            case RevocationKind.Token:
                _tokens[entry.Value] = entry.ExpiresAt;
                break;
            case RevocationKind.Authorization:
                _authorizations[entry.Value] = entry.ExpiresAt;
                break;
            case RevocationKind.Client:
                _clients.AddOrUpdate(entry.Value, (entry.RevokedAt, entry.ExpiresAt), (_, existing) => Later(existing, entry));
                break;
            case RevocationKind.Subject:
                _subjects.AddOrUpdate(entry.Value, (entry.RevokedAt, entry.ExpiresAt), (_, existing) => Later(existing, entry));
                break;
        }
    }

    private static (DateTimeOffset, DateTimeOffset) Later((DateTimeOffset NotBefore, DateTimeOffset Expires) existing, RevocationEntry entry) =>
        (existing.NotBefore > entry.RevokedAt ? existing.NotBefore : entry.RevokedAt, existing.Expires > entry.ExpiresAt ? existing.Expires : entry.ExpiresAt);

    // The message carries the whole entry, so other instances apply it without reading the database.
    private static string Encode(RevocationEntry entry) =>
        string.Join('|', entry.Kind, entry.RevokedAt.ToUnixTimeMilliseconds(), entry.ExpiresAt.ToUnixTimeMilliseconds(), entry.Value);

    private static RevocationEntry? Decode(string message)
    {
        var parts = message.Split('|', 4);
        return parts.Length == 4 && Enum.TryParse<RevocationKind>(parts[0], out var kind) &&
               long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var revoked) &&
               long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var expires)
            ? new RevocationEntry { Kind = kind, RevokedAt = DateTimeOffset.FromUnixTimeMilliseconds(revoked), ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(expires), Value = parts[3] }
            : null;
    }

    private static void Forget(ConcurrentDictionary<string, DateTimeOffset> entries, DateTimeOffset now)
    {
        foreach (var (key, expires) in entries)
        {
            if (expires <= now)
            {
                entries.TryRemove(key, out _);
            }
        }
    }

    private static void ForgetWindows(ConcurrentDictionary<string, (DateTimeOffset NotBefore, DateTimeOffset Expires)> entries, DateTimeOffset now)
    {
        foreach (var (key, window) in entries)
        {
            if (window.Expires <= now)
            {
                entries.TryRemove(key, out _);
            }
        }
    }

    public void Dispose() => _subscription.Dispose();
}
