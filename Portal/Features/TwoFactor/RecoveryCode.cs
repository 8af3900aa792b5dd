using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notarial.Portal.Features.Accounts;

namespace Notarial.Portal.Features.TwoFactor;

/// <summary>
/// One unused recovery code, stored as the SHA-256 of its normalised form. Codes carry 80 random bits, so a fast hash is
/// right (as for API keys); a code is redeemed by deleting its row, which succeeds once.
/// </summary>
public sealed class RecoveryCode
{
    public long Id { get; set; }

    public string UserId { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the normalised code (see <see cref="RecoveryCodes.Hash"/>).</summary>
    public string Hash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class RecoveryCodeConfiguration : IEntityTypeConfiguration<RecoveryCode>
{
    public void Configure(EntityTypeBuilder<RecoveryCode> builder)
    {
        builder.ToTable("two_factor_recovery_codes");
        builder.Property(c => c.UserId).HasMaxLength(450);
        builder.Property(c => c.Hash).HasMaxLength(64);
        builder.HasIndex(c => new { c.UserId, c.Hash }).IsUnique();
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
