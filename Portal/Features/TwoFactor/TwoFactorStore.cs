using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Notarial.Portal.Data;

namespace Notarial.Portal.Features.TwoFactor;

/// <summary>
/// Two-factor data in the database, in short-lived contexts (safe from interactive components as well as requests).
/// Authenticator keys are protected with Data Protection before they are stored; the operations that must happen once
/// (accepting a time step, redeeming a recovery code, confirming a key) are single conditional statements, so two
/// parallel requests cannot both succeed.
/// </summary>
public sealed partial class TwoFactorStore(
    IDbContextFactory<PortalDbContext> contexts,
    IDataProtectionProvider protection,
    TimeProvider time,
    ILogger<TwoFactorStore> logger)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Notarial.Portal.TwoFactor.AuthenticatorKey.v1");

    public async Task<TwoFactorStatus> GetStatusAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var enabled = await db.Users.Where(u => u.Id == userId).Select(u => u.TwoFactorEnabled).FirstOrDefaultAsync(cancellationToken);
        if (!enabled)
        {
            return TwoFactorStatus.Off;
        }

        var state = await db.TwoFactorStates.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        var codes = await db.TwoFactorRecoveryCodes.CountAsync(c => c.UserId == userId, cancellationToken);
        return new TwoFactorStatus(true, state?.EnabledAt, codes, state?.PendingKey is not null);
    }

    /// <summary>Whether the user's sign-in asks for a second factor (Identity's flag, read without a user manager).</summary>
    public async Task<bool> IsEnabledAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.TwoFactorEnabled).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The confirmed authenticator key, or null when the user has none.</summary>
    public async Task<byte[]?> GetAuthenticatorKeyAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await db.TwoFactorStates.Where(s => s.UserId == userId).Select(s => s.AuthenticatorKey).FirstOrDefaultAsync(cancellationToken);
        return stored is null ? null : TryUnprotect(userId, stored);
    }

    /// <summary>The key being set up, or null when none is waiting.</summary>
    public async Task<byte[]?> GetPendingKeyAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await db.TwoFactorStates.Where(s => s.UserId == userId).Select(s => s.PendingKey).FirstOrDefaultAsync(cancellationToken);
        return stored is null ? null : TryUnprotect(userId, stored);
    }

    /// <summary>The key being set up; a fresh one when none is waiting. Kept until confirmed, so reloading the set-up
    /// page shows the same QR code the user may already have scanned.</summary>
    public async Task<byte[]> GetOrCreatePendingKeyAsync(string userId, CancellationToken cancellationToken = default) =>
        await GetPendingKeyAsync(userId, cancellationToken) ?? await CreatePendingKeyAsync(userId, cancellationToken);

    /// <summary>A fresh key to set up, replacing any key waiting; the confirmed key (if any) keeps working meanwhile.</summary>
    public async Task<byte[]> CreatePendingKeyAsync(string userId, CancellationToken cancellationToken = default)
    {
        var key = AuthenticatorKey.Generate();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var state = await db.TwoFactorStates.FirstOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        if (state is null)
        {
            state = new TwoFactorState { UserId = userId };
            db.Add(state);
        }

        state.PendingKey = Protect(key);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A parallel request (a second tab) created or replaced it first: show the key that was stored.
            return await GetPendingKeyAsync(userId, cancellationToken) ?? throw new InvalidOperationException("Pending key vanished after a concurrent update.");
        }

        return key;
    }

    public async Task DiscardPendingKeyAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.TwoFactorStates.Where(s => s.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.PendingKey, (string?)null), cancellationToken);
    }

    /// <summary>
    /// Makes the pending key the authenticator key, if it is still <paramref name="checkedKey"/> (the one the code was
    /// checked against); <paramref name="acceptedStep"/> becomes the last accepted step. False when another request
    /// confirmed or replaced it first.
    /// </summary>
    public async Task<bool> TryConfirmPendingKeyAsync(string userId, byte[] checkedKey, long acceptedStep, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var state = await db.TwoFactorStates.FirstOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        if (state?.PendingKey is null || TryUnprotect(userId, state.PendingKey) is not { } pending || !CryptographicOperations.FixedTimeEquals(pending, checkedKey))
        {
            return false;
        }

        state.AuthenticatorKey = state.PendingKey;
        state.PendingKey = null;
        state.LastAcceptedStep = acceptedStep;
        state.EnabledAt ??= time.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    /// <summary>Records <paramref name="step"/> as used, if it is later than every step used before; false otherwise
    /// (a replayed code, or an older one).</summary>
    public async Task<bool> TryAcceptStepAsync(string userId, long step, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var updated = await db.TwoFactorStates
            .Where(s => s.UserId == userId && s.AuthenticatorKey != null && (s.LastAcceptedStep == null || s.LastAcceptedStep < step))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastAcceptedStep, step), cancellationToken);
        return updated == 1;
    }

    /// <summary>Replaces every recovery code of the user with the ones whose hashes are given.</summary>
    public async Task ReplaceRecoveryCodesAsync(string userId, IEnumerable<string> hashes, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.TwoFactorRecoveryCodes.Where(c => c.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        var now = time.GetUtcNow();
        db.AddRange(hashes.Select(hash => new RecoveryCode { UserId = userId, Hash = hash, CreatedAt = now }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Uses up the recovery code with this hash; true only for the one request that removed it.</summary>
    public async Task<bool> TryRedeemRecoveryCodeAsync(string userId, string hash, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.TwoFactorRecoveryCodes.Where(c => c.UserId == userId && c.Hash == hash).ExecuteDeleteAsync(cancellationToken) == 1;
    }

    public async Task<int> CountRecoveryCodesAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.TwoFactorRecoveryCodes.CountAsync(c => c.UserId == userId, cancellationToken);
    }

    /// <summary>Forgets the authenticator key, the key being set up and the recovery codes.</summary>
    public async Task RemoveAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.TwoFactorRecoveryCodes.Where(c => c.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.TwoFactorStates.Where(s => s.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The key, or null when the Data Protection key ring that protected it is gone (a restored database
    /// without its keys folder): the user then signs in with a recovery code and sets the app up again.</summary>
    private byte[]? TryUnprotect(string userId, string stored)
    {
        try
        {
            return _protector.Unprotect(Convert.FromBase64String(stored));
        }
        catch (CryptographicException)
        {
            LogUnreadableKey(userId);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The authenticator key of {UserId} cannot be unprotected: the Data Protection key ring that protected it is missing")]
    private partial void LogUnreadableKey(string userId);

    private string Protect(byte[] key) => Convert.ToBase64String(_protector.Protect(key));
}
