using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Platform;

namespace Notarial.Portal.Features.Appointments;

/// <summary>An appointment as the API shows it.</summary>
public sealed record AppointmentResource(string Id, string? OrderId, string Title, string NotaryName, string Location, string Status,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Environment, DateTimeOffset CreatedAt)
{
    public static AppointmentResource From(Appointment a) => new(a.Id, a.OrderId, a.Title, a.NotaryName, a.Location,
        a.Status.ToString().ToLowerInvariant(), a.StartsAt, a.EndsAt, a.Environment, a.CreatedAt);
}

/// <summary>Appointments of the calling account in the caller's environment (read-only), soonest first.</summary>
public sealed class AppointmentService(IDbContextFactory<PortalDbContext> contexts)
{
    public async Task<PlatformResult<Page<AppointmentResource>>> ListAsync(PlatformCaller caller, string? status, DateTimeOffset? from, string? cursor, int limit,
        CancellationToken cancellationToken = default, int maxLimit = Keyset.MaxLimit)
    {
        var v = new PlatformValidation();
        var parsedStatus = status is null ? null : v.Enum<AppointmentStatus>("status", status, required: false);
        if (limit < 1 || limit > maxLimit)
        {
            v.Add("limit", $"Between 1 and {maxLimit}.");
        }

        if (!Keyset.TryDecode(cursor, out var after))
        {
            v.Add("cursor", "Not a cursor this API returned.");
        }

        if (!v.IsValid)
        {
            return new PlatformResult<Page<AppointmentResource>>.Invalid(v.Problems);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var appointments = db.Set<Appointment>().AsNoTracking().Where(a => a.AccountId == caller.AccountId && a.Environment == caller.Environment);
        if (parsedStatus is { } s)
        {
            appointments = appointments.Where(a => a.Status == s);
        }

        if (from is { } start)
        {
            appointments = appointments.Where(a => a.StartsAt >= start);
        }

        var typed = after is { } c ? (new DateTimeOffset(c.Key, TimeSpan.Zero), c.Id) : ((DateTimeOffset, string)?)null;
        var rows = await Keyset.Apply(appointments, a => a.StartsAt, a => a.Id, descending: false, typed, limit).ToListAsync(cancellationToken);
        return Keyset.ToPage(rows, limit, a => (a.StartsAt.UtcTicks, a.Id), AppointmentResource.From);
    }

    public async Task<PlatformResult<AppointmentResource>> GetAsync(PlatformCaller caller, string id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var appointment = await db.Set<Appointment>().AsNoTracking()
            .FirstOrDefaultAsync(a => a.Id == id && a.AccountId == caller.AccountId && a.Environment == caller.Environment, cancellationToken);
        return appointment is null ? new PlatformResult<AppointmentResource>.NotFound($"No appointment '{id}'.") : AppointmentResource.From(appointment);
    }
}
