using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.TwoFactor;
using OtpNet;

namespace Notarial.Portal.Tests.Features.TwoFactor;

/// <summary>
/// The once-only rules against a real SQLite database (a temporary file, so parallel requests really run in parallel)
/// and a controlled clock: a code's step is used up, an older step is refused, a recovery code works once and only its
/// hash is stored.
/// </summary>
public sealed class SecondFactorVerifierTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 14, 10, 0, 10, TimeSpan.Zero);

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"notarial-2fa-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _clock = new(Start);
    private IDbContextFactory<PortalDbContext> _contexts = default!;
    private TwoFactorStore _store = default!;
    private SecondFactorVerifier _verifier = default!;
    private const string UserId = "user-1";

    public async Task InitializeAsync()
    {
        _contexts = new PortalDbContextFactory(new DbContextOptionsBuilder<PortalDbContext>()
            .UseSqlite($"Data Source={_file}").AddInterceptors(new SqlitePragmas()).Options);
        await using var db = await _contexts.CreateDbContextAsync();
        await db.Database.EnsureCreatedAsync();
        db.Users.Add(new PortalUser { Id = UserId, UserName = "ada@example.test", Email = "ada@example.test", TwoFactorEnabled = true });
        await db.SaveChangesAsync();

        _store = new TwoFactorStore(_contexts, new EphemeralDataProtectionProvider(), _clock, NullLogger<TwoFactorStore>.Instance);
        _verifier = new SecondFactorVerifier(_store, new TotpVerifier(_clock));
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _file, _file + "-wal", _file + "-shm" })
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }

    /// <summary>Sets up and confirms an authenticator key as the settings page does; returns the key.</summary>
    private async Task<byte[]> EnrolAsync()
    {
        var key = await _store.CreatePendingKeyAsync(UserId);
        Assert.True(await _store.TryConfirmPendingKeyAsync(UserId, key, acceptedStep: StepAt(_clock.GetUtcNow()) - 10));
        return key;
    }

    private static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / 30;

    private string CodeAt(byte[] key, DateTimeOffset time) => new Totp(key).ComputeTotp(time.UtcDateTime);

    [Fact]
    public async Task A_valid_code_is_accepted()
    {
        var key = await EnrolAsync();

        Assert.True(await _verifier.VerifyAuthenticatorCodeAsync(UserId, CodeAt(key, _clock.GetUtcNow())));
    }

    [Fact]
    public async Task A_replayed_code_is_refused_while_still_current()
    {
        var key = await EnrolAsync();
        var code = CodeAt(key, _clock.GetUtcNow());
        Assert.True(await _verifier.VerifyAuthenticatorCodeAsync(UserId, code));

        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.False(await _verifier.VerifyAuthenticatorCodeAsync(UserId, code));
    }

    [Fact]
    public async Task After_a_code_of_the_next_step_the_current_step_is_refused_too()
    {
        var key = await EnrolAsync();
        var now = _clock.GetUtcNow();
        Assert.True(await _verifier.VerifyAuthenticatorCodeAsync(UserId, CodeAt(key, now.AddSeconds(30))));

        Assert.False(await _verifier.VerifyAuthenticatorCodeAsync(UserId, CodeAt(key, now)));
        Assert.False(await _verifier.VerifyAuthenticatorCodeAsync(UserId, CodeAt(key, now.AddSeconds(-30))));
    }

    [Fact]
    public async Task The_next_step_works_after_the_current_one_was_used()
    {
        var key = await EnrolAsync();
        Assert.True(await _verifier.VerifyAuthenticatorCodeAsync(UserId, CodeAt(key, _clock.GetUtcNow())));

        _clock.Advance(TimeSpan.FromSeconds(30));

        Assert.True(await _verifier.VerifyAuthenticatorCodeAsync(UserId, CodeAt(key, _clock.GetUtcNow())));
    }

    [Fact]
    public async Task Two_parallel_uses_of_one_code_let_exactly_one_through()
    {
        var key = await EnrolAsync();
        var code = CodeAt(key, _clock.GetUtcNow());

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _verifier.VerifyAuthenticatorCodeAsync(UserId, code))));

        Assert.Single(results, accepted => accepted);
    }

    [Fact]
    public async Task Codes_two_steps_off_are_refused()
    {
        var key = await EnrolAsync();

        Assert.False(await _verifier.VerifyAuthenticatorCodeAsync(UserId, CodeAt(key, _clock.GetUtcNow().AddSeconds(-60))));
        Assert.False(await _verifier.VerifyAuthenticatorCodeAsync(UserId, CodeAt(key, _clock.GetUtcNow().AddSeconds(60))));
    }

    [Fact]
    public async Task A_pending_key_signs_nothing_in_until_it_is_confirmed()
    {
        var pending = await _store.CreatePendingKeyAsync(UserId);

        Assert.False(await _verifier.VerifyAuthenticatorCodeAsync(UserId, CodeAt(pending, _clock.GetUtcNow())));
    }

    [Fact]
    public async Task The_authenticator_key_is_stored_protected()
    {
        var key = await EnrolAsync();

        await using var db = await _contexts.CreateDbContextAsync();
        var stored = (await db.TwoFactorStates.SingleAsync()).AuthenticatorKey!;
        Assert.DoesNotContain(AuthenticatorKey.ToBase32(key), stored, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(key), stored, StringComparison.Ordinal);
        Assert.Equal(key, await _store.GetAuthenticatorKeyAsync(UserId));
    }

    [Fact]
    public async Task A_key_whose_data_protection_keys_are_lost_refuses_codes_instead_of_failing()
    {
        var key = await EnrolAsync();
        var otherKeyRing = new TwoFactorStore(_contexts, new EphemeralDataProtectionProvider(), _clock, NullLogger<TwoFactorStore>.Instance);
        var verifier = new SecondFactorVerifier(otherKeyRing, new TotpVerifier(_clock));

        Assert.False(await verifier.VerifyAuthenticatorCodeAsync(UserId, CodeAt(key, _clock.GetUtcNow())));
        Assert.Null(await otherKeyRing.GetAuthenticatorKeyAsync(UserId));
    }

    [Fact]
    public async Task A_recovery_code_works_once()
    {
        var codes = RecoveryCodes.Generate();
        await _store.ReplaceRecoveryCodesAsync(UserId, codes.Select(c => RecoveryCodes.Hash(RecoveryCodes.Normalize(c)!)));

        Assert.True(await _verifier.RedeemRecoveryCodeAsync(UserId, codes[3]));
        Assert.False(await _verifier.RedeemRecoveryCodeAsync(UserId, codes[3]));
        Assert.Equal(RecoveryCodes.Count - 1, await _store.CountRecoveryCodesAsync(UserId));
        Assert.True(await _verifier.RedeemRecoveryCodeAsync(UserId, codes[4].ToUpperInvariant().Replace("-", " ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Recovery_codes_are_stored_only_as_sha256_hashes()
    {
        var codes = RecoveryCodes.Generate();
        await _store.ReplaceRecoveryCodesAsync(UserId, codes.Select(c => RecoveryCodes.Hash(RecoveryCodes.Normalize(c)!)));

        await using var db = await _contexts.CreateDbContextAsync();
        var stored = await db.TwoFactorRecoveryCodes.Select(c => c.Hash).ToListAsync();
        Assert.Equal(RecoveryCodes.Count, stored.Count);
        foreach (var code in codes)
        {
            var canonical = code.Replace("-", "", StringComparison.Ordinal);
            Assert.DoesNotContain(stored, s => s.Contains(canonical, StringComparison.OrdinalIgnoreCase));
            Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(canonical))), stored);
        }
    }

    [Fact]
    public async Task New_recovery_codes_void_the_old_ones()
    {
        var old = RecoveryCodes.Generate();
        await _store.ReplaceRecoveryCodesAsync(UserId, old.Select(c => RecoveryCodes.Hash(RecoveryCodes.Normalize(c)!)));
        var fresh = RecoveryCodes.Generate();
        await _store.ReplaceRecoveryCodesAsync(UserId, fresh.Select(c => RecoveryCodes.Hash(RecoveryCodes.Normalize(c)!)));

        Assert.False(await _verifier.RedeemRecoveryCodeAsync(UserId, old[0]));
        Assert.True(await _verifier.RedeemRecoveryCodeAsync(UserId, fresh[0]));
    }

    [Fact]
    public async Task A_pending_key_is_confirmed_once_and_only_if_it_is_still_the_one_checked()
    {
        var first = await _store.CreatePendingKeyAsync(UserId);
        var second = await _store.CreatePendingKeyAsync(UserId);

        Assert.False(await _store.TryConfirmPendingKeyAsync(UserId, first, StepAt(_clock.GetUtcNow())));
        Assert.True(await _store.TryConfirmPendingKeyAsync(UserId, second, StepAt(_clock.GetUtcNow())));
        Assert.False(await _store.TryConfirmPendingKeyAsync(UserId, second, StepAt(_clock.GetUtcNow())));
    }
}
