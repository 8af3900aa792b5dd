using System.Globalization;
using Notarial.Portal.Features.Appointments;
using Notarial.Portal.Features.Invoices;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Scopes;
using Notarial.Portal.Server.Features.Api;
using Notarial.Portal.Server.Features.Platform;

namespace Notarial.Portal.Server.Features.Orders;

/// <summary>The read-only records: invoices and appointments.</summary>
public static class RecordEndpoints
{
    public static IEndpointRouteBuilder MapRecordEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var invoices = endpoints.MapGroup("/api/v1/invoices").WithTags("Invoices");
        invoices.MapGet("/", async (HttpContext http, InvoiceService service, string? status, string? cursor, string? limit) =>
                ParseLimit(limit) is { } size
                    ? ApiResults.Ok(http, await service.ListAsync(Caller(http), status, cursor, size, http.RequestAborted))
                    : ApiResults.Ok(http, LimitProblem<Page<InvoiceResource>>()))
            .RequireScope(ScopeCatalog.InvoicesRead).WithName("ListInvoices").WithSummary("Lists the account's invoices, newest first.").ProducesApiErrors(422);
        invoices.MapGet("/{id}", async (HttpContext http, string id, InvoiceService service) =>
                ApiResults.Ok(http, await service.GetAsync(Caller(http), id, http.RequestAborted)))
            .RequireScope(ScopeCatalog.InvoicesRead).WithName("GetInvoice").WithSummary("Gets one invoice.").ProducesApiErrors(404);

        var appointments = endpoints.MapGroup("/api/v1/appointments").WithTags("Appointments");
        appointments.MapGet("/", async (HttpContext http, AppointmentService service, string? status, string? from, string? cursor, string? limit) =>
            {
                if (ParseLimit(limit) is not { } size)
                {
                    return ApiResults.Ok(http, LimitProblem<Page<AppointmentResource>>());
                }

                DateTimeOffset? start = null;
                if (from is not null)
                {
                    if (!DateTimeOffset.TryParse(from, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                    {
                        return ApiResults.Ok(http, PlatformResult<Page<AppointmentResource>>.Fail("from", "Must be an ISO 8601 date."));
                    }

                    start = parsed;
                }

                return ApiResults.Ok(http, await service.ListAsync(Caller(http), status, start, cursor, size, http.RequestAborted));
            })
            .RequireScope(ScopeCatalog.AppointmentsRead).WithName("ListAppointments").WithSummary("Lists the account's appointments, soonest first.").ProducesApiErrors(422);
        appointments.MapGet("/{id}", async (HttpContext http, string id, AppointmentService service) =>
                ApiResults.Ok(http, await service.GetAsync(Caller(http), id, http.RequestAborted)))
            .RequireScope(ScopeCatalog.AppointmentsRead).WithName("GetAppointment").WithSummary("Gets one appointment.").ProducesApiErrors(404);
        return endpoints;
    }

    private static PlatformCaller Caller(HttpContext http) => PlatformCaller.From(http.User)!;

    private static int? ParseLimit(string? limit) =>
        limit is null ? Keyset.DefaultLimit : int.TryParse(limit, NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) ? size : null;

    private static PlatformResult<T> LimitProblem<T>() => PlatformResult<T>.Fail("limit", "Must be a whole number.");
}
