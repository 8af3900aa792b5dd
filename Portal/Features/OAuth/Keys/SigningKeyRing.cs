using System.Collections.Immutable;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Notarial.Portal.Data;

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
/// </summary>
public sealed partial class SigningKeyRing(
    IDbContextFactory<PortalDbContext> contexts,
    IDataProtectionProvider dataProtection,
    IOptions<SigningKeyOptions> options,
    TimeProvider time,
    ILogger<SigningKeyRing> logger)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("Notarial.OAuth.SigningKeys.v1");
    private readonly Dictionary<string, RsaSecurityKey> _loaded = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile KeySnapshot _current = KeySnapshot.Empty;

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
            foreach (var use in new[] { SigningKey.Signing, SigningKey.Encryption })
            {
                var newest = await db.Set<SigningKey>().Where(k => k.Use == use).OrderByDescending(k => k.ActivatesAt).FirstOrDefaultAsync(cancellationToken);
                if (newest is null)
                {
                    await CreateAsync(db, use, now, "system", cancellationToken);
                }
                else if (newest.ActivatesAt + options.Value.RotationPeriod <= now)
                {
                    await CreateAsync(db, use, now + options.Value.ActivationDelay, "schedule", cancellationToken);
                }
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
            await CreateAsync(db, SigningKey.Signing, activatesAt, actor, cancellationToken);
            await CreateAsync(db, SigningKey.Encryption, activatesAt, actor, cancellationToken);
        }
        finally
        {
            _lock.Release();
        }

        await RefreshAsync(cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Authorization server keys in force: signing with {KeyId}, {Count} signing key(s) published")]
    private partial void LogKeys(string? keyId, int count);
}
