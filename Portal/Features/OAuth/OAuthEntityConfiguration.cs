using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notarial.Portal.Features.Accounts;

namespace Notarial.Portal.Features.OAuth;

/// <summary>The portal's columns on OpenIddict's application table (OpenIddict maps its own columns).</summary>
internal sealed class OAuthApplicationConfiguration : IEntityTypeConfiguration<OAuthApplication>
{
    public void Configure(EntityTypeBuilder<OAuthApplication> builder)
    {
        builder.Property(a => a.OwnerId).HasMaxLength(450);
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Description).HasMaxLength(1000);
        builder.Property(a => a.HomepageUrl).HasMaxLength(2000);
        builder.Property(a => a.LogoUrl).HasMaxLength(2000);
        builder.Property(a => a.Environment).HasMaxLength(8);
        builder.Property(a => a.PreviousClientSecret).HasMaxLength(200);
        builder.HasIndex(a => a.OwnerId);

        // The admin area's application search: newest first, by name prefix (client ids have OpenIddict's index).
        builder.HasIndex(a => a.CreatedAt);
        builder.HasIndex(a => a.DisplayName);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Grants of a deleted account go with it.</summary>
internal sealed class OAuthAuthorizationConfiguration : IEntityTypeConfiguration<OAuthAuthorization>
{
    public void Configure(EntityTypeBuilder<OAuthAuthorization> builder)
    {
        builder.HasIndex(a => a.Subject);
        builder.HasIndex(a => a.CreationDate);
    }
}
