using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Notarial.Portal.Features.Accounts;

/// <summary>A person with a portal account: developer, account owner, support or admin (roles).</summary>
public sealed class PortalUser : IdentityUser
{
    [PersonalData]
    public string DisplayName { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }
}

internal sealed class PortalUserConfiguration : IEntityTypeConfiguration<PortalUser>
{
    public void Configure(EntityTypeBuilder<PortalUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(100);
        builder.HasIndex(u => u.CreatedAt);

        // The admin area's user search: by name prefix (emails have Identity's own index).
        builder.HasIndex(u => u.DisplayName);
    }
}
