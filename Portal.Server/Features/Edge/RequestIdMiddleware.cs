using System.Buffers;

namespace Notarial.Portal.Server.Features.Edge;

/// <summary>
/// Gives every request an id: the client's X-Request-ID when it is a sane token (at most 128 letters, digits, '.', '_',
/// '-'), else a new one. It becomes HttpContext.TraceIdentifier, is echoed on the response, and scopes every log line.
/// </summary>
public sealed partial class RequestIdMiddleware(RequestDelegate next, TimeProvider time, ILogger<RequestIdMiddleware> logger)
{
    public const string HeaderName = "X-Request-ID";

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

    public Task InvokeAsync(HttpContext context)
    {
        var supplied = context.Request.Headers[HeaderName];
        var id = supplied.Count == 1 && IsValid(supplied[0]) ? supplied[0]! : NewId(time.GetUtcNow());
        context.TraceIdentifier = id;
        context.Response.Headers[HeaderName] = id;
        using (logger.BeginScope(new RequestScope(id)))
        {
            return next(context);
        }
    }

    public static bool IsValid(string? value) =>
        value is { Length: > 0 and <= 128 } && !value.AsSpan().ContainsAnyExcept(Allowed);

    /// <summary>"req_" + a version 7 UUID on the server's clock: its first 48 bits are the time, which is how the request
    /// log finds a row by its id without an index of its own (AdminRequestFilter.RequestIdWindow).</summary>
    private static string NewId(DateTimeOffset now) => "req_" + Guid.CreateVersion7(now).ToString("N");

    /// <summary>A log scope that renders as "RequestId:..." and exposes the id as a structured property.</summary>
    private sealed class RequestScope(string id) : IReadOnlyList<KeyValuePair<string, object>>
    {
        public KeyValuePair<string, object> this[int index] => index == 0 ? new("RequestId", id) : throw new ArgumentOutOfRangeException(nameof(index));

        public int Count => 1;

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
        {
            yield return this[0];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => "RequestId:" + id;
    }
}
