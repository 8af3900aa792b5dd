using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Notarial.Portal.Tests.Infrastructure;

/// <summary>One request a <see cref="WebhookReceiver"/> got: the raw body bytes and the headers.</summary>
public sealed record ReceivedWebhook(byte[] RawBody, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ReceivedAt)
{
    public string Body => System.Text.Encoding.UTF8.GetString(RawBody);

    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";
}

/// <summary>What the receiver answers to one request.</summary>
public sealed record ReceiverAnswer(int Status = 200, string Body = "ok", TimeSpan Delay = default, IReadOnlyDictionary<string, string>? Headers = null, long RepeatBodyBytes = 0);

/// <summary>
/// A webhook receiver on a real Kestrel server at 127.0.0.1: records every request to its own path and answers from a
/// script (then 200 "ok"). Requests to other paths — stale deliveries of earlier tests whose receiver had this port —
/// get 410 and are not recorded.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceiverAnswer> _script = new();
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();

    private WebhookReceiver(WebApplication app, string path)
    {
        _app = app;
        Path = path;
    }

    public string Path { get; }

    public Uri Url { get; private set; } = default!;

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    /// <summary>Answers the next requests with these, in order; afterwards 200 "ok".</summary>
    public WebhookReceiver Answer(params ReceiverAnswer[] answers)
    {
        foreach (var answer in answers)
        {
            _script.Enqueue(answer);
        }

        return this;
    }

    /// <summary>When set, every request (after the script) gets this answer.</summary>
    public ReceiverAnswer Default { get; set; } = new();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, "/hooks/" + Guid.NewGuid().ToString("N"));
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address.TrimEnd('/') + receiver.Path);
        return receiver;
    }

    /// <summary>Waits (real time, bounded) until at least <paramref name="count"/> requests arrived.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        await Until.ThatAsync(() => _received.Count, received => received >= count, $"{count} deliveries", timeout ?? TimeSpan.FromSeconds(10));
        return Received;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path != Path)
        {
            context.Response.StatusCode = StatusCodes.Status410Gone;
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        _received.Enqueue(new ReceivedWebhook(body.ToArray(),
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), DateTimeOffset.UtcNow));

        var answer = _script.TryDequeue(out var next) ? next : Default;
        if (answer.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(answer.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (answer.RepeatBodyBytes > 0)
        {
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'x');
            try
            {
                for (long sent = 0; sent < answer.RepeatBodyBytes; sent += chunk.Length)
                {
                    await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException)
            {
                // The sender stopped reading: that is the point.
            }

            return;
        }

        await context.Response.WriteAsync(answer.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
