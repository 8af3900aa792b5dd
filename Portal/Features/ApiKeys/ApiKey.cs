using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notarial.Portal.Features.Accounts;

namespace Notarial.Portal.Features.ApiKeys;

/// <summary>
/// An API key: its settings, the SHA-256 of the secret (never the secret) and its life: created, rotated, revoked, used.
/// Owned by one account; deleting the account deletes its keys.
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }

    /// <summary>The account the key acts for (<see cref="PortalUser"/> id).</summary>
    public string OwnerId { get; set; } = "";

    public string Name { get; set; } = "";

    public ApiKeyType Type { get; set; }

    /// <summary>"live" or "test" (<see cref="Platform.PlatformEnvironments"/>); also visible in the key's prefix.</summary>
    public string Environment { get; set; } = "";

    /// <summary>Granted scopes, separated by spaces, in catalog order.</summary>
    public string Scopes { get; set; } = "";

    /// <summary>SHA-256 of the whole key (<see cref="ApiKeyHasher"/>).</summary>
    public byte[] Hash { get; set; } = [];

    /// <summary>What a person recognises the key by: <c>notary_xK9m…7bN9</c>.</summary>
    public string Hint { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the key stops working; null for a key that never expires.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>Normalised CIDR ranges the key may be used from, separated by spaces; null for anywhere.</summary>
    public string? AllowedIps { get; set; }

    /// <summary>Sustained limit; null for no limit (internal keys).</summary>
    public int? RequestsPerHour { get; set; }

    /// <summary>Burst limit; null for no limit (internal keys).</summary>
    public int? BurstPerSecond { get; set; }

    /// <summary>The key this one replaced when it was rotated.</summary>
    public Guid? RotatedFromId { get; set; }

    /// <summary>The key that replaced this one; it keeps working until <see cref="RetiresAt"/> (the rotation's grace).</summary>
    public Guid? ReplacedById { get; set; }

    public DateTimeOffset? RetiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedReason { get; set; }

    /// <summary>The user who revoked it; null when a leak report did.</summary>
    public string? RevokedBy { get; set; }

    /// <summary>Written in batches (<see cref="ApiKeyUsageTracker"/>), a few seconds behind.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    public string? LastUsedIp { get; set; }

    /// <summary>When the key stops working, whichever comes first: its expiry or the end of its rotation grace.</summary>
    public DateTimeOffset? EndsAt => (ExpiresAt, RetiresAt) switch
    {
        ({ } expires, { } retires) => expires < retires ? expires : retires,
        ({ } expires, null) => expires,
        (null, var retires) => retires,
    };

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<string> AllowedIpList => AllowedIps?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];

    public ApiKeyState StateAt(DateTimeOffset now) =>
        RevokedAt is not null ? ApiKeyState.Revoked
        : EndsAt is { } ends && ends <= now ? ApiKeyState.Expired
        : ReplacedById is not null ? ApiKeyState.Rotating
        : ApiKeyState.Active;
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.OwnerId).HasMaxLength(64);
        builder.Property(k => k.Name).HasMaxLength(ApiKeyRules.MaxNameLength);
        builder.Property(k => k.Type).HasMaxLength(16)
            .HasConversion(type => ApiKeyTypes.Name(type), name => ApiKeyTypes.Parse(name));
        builder.Property(k => k.Environment).HasMaxLength(8);
        builder.Property(k => k.Scopes).HasMaxLength(1000);
        builder.Property(k => k.Hash).HasMaxLength(ApiKeyHash.Size);
        builder.Property(k => k.Hint).HasMaxLength(32);
        builder.Property(k => k.AllowedIps).HasMaxLength(4000);
        builder.Property(k => k.RevokedReason).HasMaxLength(ApiKeyRules.MaxReasonLength);
        builder.Property(k => k.RevokedBy).HasMaxLength(64);
        builder.Property(k => k.LastUsedIp).HasMaxLength(64);
        builder.Ignore(k => k.EndsAt);
        builder.Ignore(k => k.ScopeList);
        builder.Ignore(k => k.AllowedIpList);
        builder.HasIndex(k => k.Hash).IsUnique();
        builder.HasIndex(k => new { k.OwnerId, k.CreatedAt });

        // The admin area's key search across every account: newest first, by name or hint prefix.
        builder.HasIndex(k => k.CreatedAt);
        builder.HasIndex(k => k.Name);
        builder.HasIndex(k => k.Hint);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(k => k.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
