using System.Diagnostics;
using Notarial.Portal.Features.Audit;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Server.Features.Platform;

namespace Notarial.Portal.Server.Features.Audit;

/// <summary>
/// Records every platform API request — answered, refused or failed — as an <see cref="AuditRecord"/>. It is the
/// outermost middleware, so the record has the final status and error code (including envelopes written by the error
/// handlers) and the whole latency. Recording is a non-blocking queue hand-over; the database write happens in
/// <see cref="AuditWriter"/>.
/// </summary>
public sealed class ApiAuditMiddleware(RequestDelegate next, IAuditQueue queue, TimeProvider time)
{
    public Task InvokeAsync(HttpContext context) =>
        PlatformRequestPipeline.Applies(context.Request.Path) ? RecordAsync(context) : next(context);

    private async Task RecordAsync(HttpContext context)
    {
        var feature = new ApiAuditFeature();
        context.Features.Set(feature);
        var at = time.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        var failed = false;
        queue.RequestStarted();
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            try
            {
                queue.TryEnqueue(Record(context, feature, at, Stopwatch.GetElapsedTime(started), failed));
            }
            finally
            {
                queue.RequestEnded();
            }
        }
    }

    /// <summary>The route template as a person writes it: a group's "/" route is "/api/v1/orders", not ".../orders/".</summary>
    private static string? RouteOf(Endpoint? endpoint)
    {
        var template = (endpoint as RouteEndpoint)?.RoutePattern.RawText;
        return template is { Length: > 1 } && template[^1] == '/' ? template[..^1] : template;
    }

    private static AuditRecord Record(HttpContext context, ApiAuditFeature feature, DateTimeOffset at, TimeSpan elapsed, bool failed)
    {
        var request = context.Request;
        var endpoint = context.GetEndpoint();
        var origin = RequestOrigin.From(context);
        return new AuditRecord
        {
            OccurredAt = at,
            RequestId = context.TraceIdentifier,
            AccountId = feature.AccountId,
            CredentialKind = feature.CredentialKind,
            CredentialId = feature.CredentialId,
            ClientId = feature.ClientId,
            Environment = feature.Environment,
            Method = request.Method,
            Route = RouteOf(endpoint),
            Path = request.Path.Value ?? "/",
            Status = failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode,
            ErrorCode = failed ? "internal_error" : feature.ErrorCode,
            LatencyMs = Math.Round(elapsed.TotalMilliseconds, 3),
            IpAddress = origin.IpAddress,
            UserAgent = origin.UserAgent,
            Scope = endpoint?.Metadata.GetMetadata<RequiredScopeMetadata>()?.Scope,
            ResponseBytes = context.Response.ContentLength,
            ClientVersion = context.Features.Get<ClientVersionFeature>()?.Version,
        };
    }
}
