using System.Security.Claims;
using Microsoft.Extensions.Options;
using Notarial.Portal.Features.Audit;
using Notarial.Portal.Features.Usage;

namespace Notarial.Portal.Server.Features.Audit;

public static class AuditEndpoints
{
    /// <summary>Records platform API requests (first in the pipeline, so it sees final answers); nothing when
    /// <c>Audit:Enabled</c> is false.</summary>
    public static WebApplication UseApiAudit(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<AuditOptions>>().Value.Enabled)
        {
            app.UseMiddleware<ApiAuditMiddleware>();
        }

        return app;
    }

    /// <summary><c>GET /usage/log.csv</c>: the signed-in developer's audit rows under the viewer's filters, as CSV.</summary>
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/usage/log.csv", async (HttpContext context, AuditSearch search) =>
            {
                var owner = context.User.FindFirstValue(ClaimTypes.NameIdentifier)!;
                var filter = AuditFilter.FromQuery(name => context.Request.Query[name].FirstOrDefault());
                context.Response.ContentType = "text/csv; charset=utf-8";
                context.Response.Headers.ContentDisposition = "attachment; filename=\"audit-log.csv\"";
                context.Response.Headers.CacheControl = "no-store";
                await using var writer = new StreamWriter(context.Response.Body, new System.Text.UTF8Encoding(false));
                await search.WriteCsvAsync(owner, filter, writer, context.RequestAborted);
            })
            .RequireAuthorization()
            .ExcludeFromDescription();
        return endpoints;
    }
}
