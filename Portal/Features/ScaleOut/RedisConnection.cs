using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Notarial.Portal.Features.ScaleOut;

/// <summary>
/// The process's one connection to Redis. It connects in the background and reconnects by itself: an instance starts
/// (and serves, with per-instance limits) while Redis is down.
/// </summary>
public sealed partial class RedisConnection : IDisposable
{
    private readonly ILogger<RedisConnection> _logger;

    public RedisConnection(IOptions<RedisOptions> options, ILogger<RedisConnection> logger)
    {
        _logger = logger;
        Prefix = options.Value.Prefix;
        var configuration = ConfigurationOptions.Parse(options.Value.Configuration!);
        configuration.AbortOnConnectFail = false;
        configuration.ClientName ??= "notarial-portal";
        Multiplexer = ConnectionMultiplexer.Connect(configuration);
        Multiplexer.ConnectionFailed += (_, e) => LogConnectionFailed(e.EndPoint?.ToString(), e.FailureType.ToString());
        Multiplexer.ConnectionRestored += (_, e) => LogConnectionRestored(e.EndPoint?.ToString());
    }

    public IConnectionMultiplexer Multiplexer { get; }

    public string Prefix { get; }

    public bool IsConnected => Multiplexer.IsConnected;

    public void Dispose() => Multiplexer.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis connection to {Endpoint} failed ({Failure}): rate limits are per instance until it is back")]
    private partial void LogConnectionFailed(string? endpoint, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis connection to {Endpoint} restored")]
    private partial void LogConnectionRestored(string? endpoint);
}
