using System.Collections.Immutable;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Caching;

namespace Notarial.Portal.Features.OAuth.Keys;

/// <summary>A loaded key: its record and one live RSA object (reused for every signature).</summary>
public sealed record LoadedKey(SigningKey Record, RsaSecurityKey Key);

/// <summary>The keys in force at one moment: the active signer and encrypter first, then the others still valid.</summary>
public sealed record KeySnapshot(ImmutableArray<LoadedKey> Signing, ImmutableArray<LoadedKey> Encryption)
{
    public static KeySnapshot Empty { get; } = new([], []);

    /// <summary>Identifies the set and order of keys; changes when options must be rebuilt.</summary>
    public string Version => string.Join(",", Signing.Select(k => k.Record.Id)) + "|" + string.Join(",", Encryption.Select(k => k.Record.Id));
}

/// <summary>
/// The authorization server's keys, read from the database. Keys are generated on first start and rotated on a schedule
/// or on request: a new key is stored with an activation time a little in the future (so every instance loads it before
/// it signs anything), the key it replaces keeps validating until every token it signed or encrypted has expired.
/// A rotation is announced on the invalidation bus, so other instances re-read the keys at once instead of at their
/// next reload; making keys is serialised across instances (a PostgreSQL advisory lock), so instances starting
/// together on an empty database, or reaching the rotation time together, make one key, not one each.
/// </summary>
public sealed partial class SigningKeyRing : IDisposable
{
    /// <summary>The bus topic of "the keys changed: re-read them".</summary>
    public const string Topic = "oauth_signing_keys";

    /// <summary>The transaction-level advisory lock that serialises making keys ("notarial-keys" as a number).</summary>
    public const long CreationLockKey = 0x6E6F7461726B6579;

    private readonly IDbContextFactory<PortalDbContext> contexts;
    private readonly IOptions<SigningKeyOptions> options;
    private readonly TimeProvider time;
    private readonly ILogger<SigningKeyRing> logger;
    private readonly IInvalidationBus _bus;
    private readonly IDisposable _subscription;
    private readonly IDataProtector _protector;
    private readonly Dictionary<string, RsaSecurityKey> _loaded = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile KeySnapshot _current = KeySnapshot.Empty;

    public SigningKeyRing(
        IDbContextFactory<PortalDbContext> contexts,
        IDataProtectionProvider dataProtection,
        IOptions<SigningKeyOptions> options,
        IInvalidationBus bus,
        TimeProvider time,
        ILogger<SigningKeyRing> logger)
    {
        this.contexts = contexts;
        this.options = options;
        this.time = time;
        this.logger = logger;
        _bus = bus;
        _protector = dataProtection.CreateProtector("Notarial.OAuth.SigningKeys.v1");
        _subscription = bus.Subscribe(Topic, message => _ = RefreshOnMessageAsync());
    }

    /// <summary>The keys in force, loading them (and creating the first ones) on first use.</summary>
    public KeySnapshot Current
    {
        get
        {
            if (_current.Signing.IsEmpty)
            {
                // First use before the background loader ran: load synchronously (once).
                RefreshAsync(CancellationToken.None).GetAwaiter().GetResult();
            }

            return _current;
        }
    }

    /// <summary>Raised after a refresh changed the keys in force (a rotation here or elsewhere, an activation).</summary>
    public event Action<KeySnapshot>? Changed;

    /// <summary>Re-reads the keys; creates the first ones, or the next ones when the rotation period has passed.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var now = time.GetUtcNow();
            if (await KeysDueAsync(db, now, cancellationToken))
            {
                // Checked again under the lock: another instance may have made them meanwhile.
                await WithCreationLockAsync(db, async () =>
                {
                    foreach (var use in new[] { SigningKey.Signing, SigningKey.Encryption })
                    {
                        var newest = await NewestAsync(db, use, cancellationToken);
                        if (newest is null)
                        {
                            await CreateAsync(db, use, now, "system", cancellationToken);
                        }
                        else if (newest.ActivatesAt + options.Value.RotationPeriod <= now)
                        {
                            await CreateAsync(db, use, now + options.Value.ActivationDelay, "schedule", cancellationToken);
                        }
                    }
                }, cancellationToken);
            }

            var records = await db.Set<SigningKey>().AsNoTracking().ToListAsync(cancellationToken);
            var snapshot = Build(records, now);
            var changed = snapshot.Version != _current.Version;
            _current = snapshot;
            if (changed)
            {
                LogKeys(snapshot.Signing.FirstOrDefault()?.Record.Id, snapshot.Signing.Length);
                Changed?.Invoke(snapshot);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Makes new signing and encryption keys that take over after the activation delay; the old ones keep
    /// validating until every token they produced has expired.</summary>
    public async Task RotateAsync(string actor, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var activatesAt = time.GetUtcNow() + options.Value.ActivationDelay;
            await WithCreationLockAsync(db, async () =>
            {
                await CreateAsync(db, SigningKey.Signing, activatesAt, actor, cancellationToken);
                await CreateAsync(db, SigningKey.Encryption, activatesAt, actor, cancellationToken);
            }, cancellationToken);
        }
        finally
        {
            _lock.Release();
        }

        await RefreshAsync(cancellationToken);

        // Other instances load the new keys now, long before they activate (their periodic reload is the fallback).
        await _bus.PublishAsync(new InvalidationMessage(Topic, "rotated"), cancellationToken);
    }

    public void Dispose() => _subscription.Dispose();

    private async Task RefreshOnMessageAsync()
    {
        try
        {
            await RefreshAsync(CancellationToken.None);
        }
        catch (Exception exception)
        {
            // The periodic reload (SigningKeyMaintenance) tries again; nothing else waits on this.
            LogRefreshOnMessageFailed(exception);
        }
    }

    private async Task<bool> KeysDueAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var use in new[] { SigningKey.Signing, SigningKey.Encryption })
        {
            if (await NewestAsync(db, use, cancellationToken) is not { } newest || newest.ActivatesAt + options.Value.RotationPeriod <= now)
            {
                return true;
            }
        }

        return false;
    }

    private static Task<SigningKey?> NewestAsync(PortalDbContext db, string use, CancellationToken cancellationToken) =>
        db.Set<SigningKey>().AsNoTracking().Where(k => k.Use == use).OrderByDescending(k => k.ActivatesAt).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Runs <paramref name="create"/> in one transaction that, on PostgreSQL, first takes a transaction-level advisory
    /// lock: instances making keys at the same moment take turns, and the second sees the first one's keys. (SQLite has
    /// one instance; the ring's own lock keeps its callers apart.)
    /// </summary>
    private static async Task WithCreationLockAsync(PortalDbContext db, Func<Task> create, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db is PostgreSqlPortalDbContext)
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [CreationLockKey], cancellationToken);
        }

        await create();
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Every key record, newest first, for the admin's view.</summary>
    public async Task<IReadOnlyList<SigningKey>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<SigningKey>().AsNoTracking().OrderByDescending(k => k.ActivatesAt).ToListAsync(cancellationToken);
    }

    private async Task CreateAsync(PortalDbContext db, string use, DateTimeOffset activatesAt, string createdBy, CancellationToken cancellationToken)
    {
        using var rsa = RSA.Create(options.Value.KeySize);
        var record = new SigningKey
        {
            Id = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)),
            Use = use,
            ProtectedPrivateKey = Convert.ToBase64String(_protector.Protect(rsa.ExportPkcs8PrivateKey())),
            CreatedAt = time.GetUtcNow(),
            ActivatesAt = activatesAt,
            CreatedBy = createdBy,
        };

        // The keys this one replaces stay valid for what they already produced, then are dropped.
        var previous = await db.Set<SigningKey>().Where(k => k.Use == use && k.ExpiresAt == null).ToListAsync(cancellationToken);
        foreach (var key in previous)
        {
            key.ExpiresAt = activatesAt + options.Value.Retention;
        }

        db.Set<SigningKey>().Add(record);
        await db.SaveChangesAsync(cancellationToken);
        LogCreated(use, record.Id, activatesAt);
    }

    private KeySnapshot Build(List<SigningKey> records, DateTimeOffset now)
    {
        LoadedKey Load(SigningKey record)
        {
            if (!_loaded.TryGetValue(record.Id, out var key))
            {
                var rsa = RSA.Create();
                rsa.ImportPkcs8PrivateKey(_protector.Unprotect(Convert.FromBase64String(record.ProtectedPrivateKey)), out _);
                key = new RsaSecurityKey(rsa) { KeyId = record.Id };
                _loaded[record.Id] = key;
            }

            return new LoadedKey(record, key);
        }

        ImmutableArray<LoadedKey> Order(string use)
        {
            var valid = records.Where(k => k.Use == use && (k.ExpiresAt is null || k.ExpiresAt > now)).ToList();

            // The active key is the newest that has activated; it goes first (OpenIddict uses the first credential).
            // Keys not active yet are loaded too, so tokens signed by another instance that switched first validate here.
            var active = valid.Where(k => k.ActivatesAt <= now).OrderByDescending(k => k.ActivatesAt).FirstOrDefault()
                ?? valid.OrderBy(k => k.ActivatesAt).First();
            return [Load(active), .. valid.Where(k => k.Id != active.Id).OrderByDescending(k => k.ActivatesAt).Select(Load)];
        }

        return new KeySnapshot(Order(SigningKey.Signing), Order(SigningKey.Encryption));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "New {Use} key {KeyId} activates at {ActivatesAt}")]
    private partial void LogCreated(string use, string keyId, DateTimeOffset activatesAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-reading the authorization server keys after a rotation elsewhere failed; the next periodic reload tries again")]
    private partial void LogRefreshOnMessageFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Authorization server keys in force: signing with {KeyId}, {Count} signing key(s) published")]
    private partial void LogKeys(string? keyId, int count);
}
