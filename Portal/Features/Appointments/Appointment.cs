using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notarial.Portal.Features.Accounts;

namespace Notarial.Portal.Features.Appointments;

public enum AppointmentStatus
{
    Scheduled,
    Completed,
    Cancelled,
}

/// <summary>An appointment with a notary, of an account, in the live or the test environment. Read-only through the API.</summary>
public sealed class Appointment
{
    public string Id { get; set; } = "";

    public string AccountId { get; set; } = "";

    public string Environment { get; set; } = "";

    public string? OrderId { get; set; }

    public string Title { get; set; } = "";

    public string NotaryName { get; set; } = "";

    public string Location { get; set; } = "";

    public AppointmentStatus Status { get; set; }

    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset EndsAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    public void Configure(EntityTypeBuilder<Appointment> builder)
    {
        builder.ToTable("appointments");
        builder.Property(a => a.Id).HasMaxLength(32);
        builder.Property(a => a.AccountId).HasMaxLength(450);
        builder.Property(a => a.Environment).HasMaxLength(8);
        builder.Property(a => a.OrderId).HasMaxLength(32);
        builder.Property(a => a.Title).HasMaxLength(200);
        builder.Property(a => a.NotaryName).HasMaxLength(200);
        builder.Property(a => a.Location).HasMaxLength(300);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(a => a.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.AccountId, a.Environment, a.StartsAt, a.Id });
    }
}
