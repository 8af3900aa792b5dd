using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Notarial.Portal.Features.OAuth.Keys;

/// <summary>
/// An RSA key of the authorization server: "sig" keys sign tokens (and are published in JWKS by <see cref="Id"/>), "enc"
/// keys encrypt authorization codes and refresh tokens. The private key is stored protected with Data Protection.
/// A key is used from <see cref="ActivatesAt"/> until a newer key activates, and kept (for validating what it signed)
/// until <see cref="ExpiresAt"/>.
/// </summary>
public sealed class SigningKey
{
    public const string Signing = "sig";
    public const string Encryption = "enc";

    /// <summary>The key id (kid).</summary>
    public string Id { get; set; } = "";

    /// <summary><see cref="Signing"/> or <see cref="Encryption"/>.</summary>
    public string Use { get; set; } = Signing;

    public string ProtectedPrivateKey { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ActivatesAt { get; set; }

    /// <summary>Null while the key is the newest; set when a newer key replaces it.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    public string? CreatedBy { get; set; }
}

internal sealed class SigningKeyConfiguration : IEntityTypeConfiguration<SigningKey>
{
    public void Configure(EntityTypeBuilder<SigningKey> builder)
    {
        builder.ToTable("oauth_signing_keys");
        builder.Property(k => k.Id).HasMaxLength(64);
        builder.Property(k => k.Use).HasMaxLength(3);
        builder.Property(k => k.CreatedBy).HasMaxLength(450);
        builder.HasIndex(k => new { k.Use, k.ActivatesAt });
    }
}
