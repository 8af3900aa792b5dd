using System.Buffers;
using Notarial.Portal.Server.Features.Api;

namespace Notarial.Portal.Server.Features.Platform;

/// <summary>
/// Seed 003's request headers on platform paths. <c>X-API-Version</c>: the versions this API answers (its v1, which is
/// also what the seeds' /v2 base maps to) are accepted and the version served is echoed; any other is a 400
/// <c>unsupported_api_version</c>. <c>X-Client-Version</c>: kept, when it is a sane token, in <see cref="ClientVersionFeature"/>
/// for the audit row (audit logging reads it there; it is built on its own branch).
/// </summary>
public sealed class ApiVersionHeaders(RequestDelegate next)
{
    public const string VersionHeader = "X-API-Version";
    public const string ClientVersionHeader = "X-Client-Version";
    public const string Served = "1.0";

    /// <summary>What a client may send; the seeds send "2.0" with their /v2 base, which this API's v1 answers.</summary>
    public static readonly IReadOnlyList<string> Accepted = ["1", "1.0", "v1", "2", "2.0", "v2"];

    private static readonly SearchValues<char> TokenChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_+");

    public async Task InvokeAsync(HttpContext context)
    {
        if (!PlatformRequestPipeline.Applies(context.Request.Path))
        {
            await next(context);
            return;
        }

        var requested = context.Request.Headers[VersionHeader];
        if (requested.Count > 0)
        {
            var value = requested.Count == 1 ? requested[0]?.Trim() : null;
            if (value is null || !Accepted.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                context.Response.Headers[VersionHeader] = Served;
                var shown = value is { Length: <= 20 } ? $"'{value}'" : "the version sent";
                await ApiErrors.WriteAsync(context, StatusCodes.Status400BadRequest, ApiErrorTypes.InvalidRequest, "unsupported_api_version",
                    $"This API does not serve {shown}. Send X-API-Version: {Served} (2.0, the seeds' version, is answered by {Served}) or leave the header out.");
                return;
            }
        }

        context.Response.Headers[VersionHeader] = Served;
        var client = context.Request.Headers[ClientVersionHeader];
        if (client.Count == 1 && client[0] is { Length: > 0 and <= 64 } version && !version.AsSpan().ContainsAnyExcept(TokenChars))
        {
            context.Features.Set(new ClientVersionFeature(version));
        }

        await next(context);
    }
}

/// <summary>The X-Client-Version a platform request carried, for its audit row and the usage page's "client versions calling".</summary>
public sealed record ClientVersionFeature(string Version);
