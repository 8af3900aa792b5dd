using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Notarial.Portal.Features.Admin;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Features.TwoFactor;

namespace Notarial.Portal.Server.Features.Admin;

public static class AdminEndpoints
{
    /// <summary>What the admin area serves outside Blazor: the CSV exports of the security events and of the request log (a download needs a plain GET).
    /// Same policy as the admin pages: support or admin with 2FA on, by the portal session.</summary>
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/" + AdminPaths.AuditExport, async (HttpContext context, AuditLogReader audit,
                [FromQuery] string? type, [FromQuery] string? actor, [FromQuery] string? subject, [FromQuery] string? target,
                [FromQuery] string? from, [FromQuery] string? to) =>
            {
                var filter = new AuditFilter(type, actor, subject, target, Day(from), Day(to)?.AddDays(1));
                context.Response.ContentType = "text/csv; charset=utf-8";
                context.Response.Headers.ContentDisposition = $"attachment; filename=\"notarial-audit-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv\"";
                context.Response.Headers.CacheControl = "no-store";
                await using var writer = new StreamWriter(context.Response.Body, leaveOpen: true);
                await audit.WriteCsvAsync(StaffActor.From(context.User, RequestOrigin.From(context)), filter, writer, context.RequestAborted);
            })
            .RequireAuthorization(TwoFactorPolicies.StaffWithTwoFactor)
            .ExcludeFromDescription();

        endpoints.MapGet("/" + AdminPaths.RequestExport, async (HttpContext context, AdminRequestLog requests,
                [FromQuery] string? account, [FromQuery] string? credential, [FromQuery] string? status, [FromQuery] string? path,
                [FromQuery] string? from, [FromQuery] string? to, [FromQuery(Name = "request")] string? requestId) =>
            {
                var filter = new AdminRequestFilter(account, credential, status, path, Day(from), Day(to)?.AddDays(1), requestId);
                context.Response.ContentType = "text/csv; charset=utf-8";
                context.Response.Headers.ContentDisposition = $"attachment; filename=\"notarial-requests-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv\"";
                context.Response.Headers.CacheControl = "no-store";
                await using var writer = new StreamWriter(context.Response.Body, leaveOpen: true);
                await requests.WriteCsvAsync(StaffActor.From(context.User, RequestOrigin.From(context)), filter, writer, context.RequestAborted);
            })
            .RequireAuthorization(TwoFactorPolicies.StaffWithTwoFactor)
            .ExcludeFromDescription();

        return endpoints;
    }

    private static DateTimeOffset? Day(string? value) =>
        DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var day)
            ? new DateTimeOffset(day, TimeSpan.Zero)
            : null;
}
