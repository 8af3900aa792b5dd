using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notarial.Portal.Features.Accounts;

namespace Notarial.Portal.Features.TwoFactor;

/// <summary>
/// A user's authenticator app: the shared key (protected with Data Protection, never stored or logged in clear), the key
/// being set up, and the last time step a code was accepted for (so a code works once). Whether 2FA is on is Identity's
/// own <c>TwoFactorEnabled</c> flag on the user, which the sign-in manager reads; this row holds what Identity has no
/// safe place for.
/// </summary>
public sealed class TwoFactorState
{
    public string UserId { get; set; } = "";

    /// <summary>The confirmed authenticator key, protected; null until the user confirms a code.</summary>
    public string? AuthenticatorKey { get; set; }

    /// <summary>A key shown to the user but not confirmed yet (first set-up, or moving to a new app), protected.</summary>
    public string? PendingKey { get; set; }

    /// <summary>The latest TOTP time step (Unix time / 30 s) a code was accepted for: that step and earlier ones are refused.</summary>
    public long? LastAcceptedStep { get; set; }

    /// <summary>When two-factor authentication was turned on.</summary>
    public DateTimeOffset? EnabledAt { get; set; }
}

internal sealed class TwoFactorStateConfiguration : IEntityTypeConfiguration<TwoFactorState>
{
    public void Configure(EntityTypeBuilder<TwoFactorState> builder)
    {
        builder.ToTable("two_factor_states");
        builder.HasKey(s => s.UserId);
        builder.Property(s => s.AuthenticatorKey).HasMaxLength(1024);
        // Confirming a pending key is an UPDATE ... WHERE PendingKey = <the key that was checked>: of two parallel
        // confirmations, only one turns 2FA on.
        builder.Property(s => s.PendingKey).HasMaxLength(1024).IsConcurrencyToken();
        builder.HasOne<PortalUser>().WithOne().HasForeignKey<TwoFactorState>(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
