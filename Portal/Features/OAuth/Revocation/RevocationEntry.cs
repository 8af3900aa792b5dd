using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Notarial.Portal.Features.OAuth.Revocation;

public enum RevocationKind
{
    /// <summary>One access token, by its id (jti).</summary>
    Token,

    /// <summary>Every token of one grant, by authorization id.</summary>
    Authorization,

    /// <summary>Every token issued to one client before <see cref="RevocationEntry.RevokedAt"/>.</summary>
    Client,

    /// <summary>Every token issued for one user before <see cref="RevocationEntry.RevokedAt"/>.</summary>
    Subject,
}

/// <summary>
/// A revocation that self-contained access tokens must honour until they would have expired anyway. Kept in the
/// database so every instance and every restart knows it; checked in memory (<see cref="TokenRevocationList"/>).
/// </summary>
public sealed class RevocationEntry
{
    public long Id { get; set; }

    public RevocationKind Kind { get; set; }

    public string Value { get; set; } = "";

    /// <summary>For <see cref="RevocationKind.Client"/> and <see cref="RevocationKind.Subject"/>: tokens issued before this are revoked.</summary>
    public DateTimeOffset RevokedAt { get; set; }

    /// <summary>After this no token the entry concerns can still be valid, so the entry can be forgotten.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}

internal sealed class RevocationEntryConfiguration : IEntityTypeConfiguration<RevocationEntry>
{
    public void Configure(EntityTypeBuilder<RevocationEntry> builder)
    {
        builder.ToTable("oauth_revocations");
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Value).HasMaxLength(450);
        builder.HasIndex(e => e.ExpiresAt);
    }
}
