using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Notarial.Portal.Tests.Infrastructure.ScaleOut;

/// <summary>
/// The portal as a real process of its own (the built server next to the tests, <c>dotnet Notarial.Portal.Server.dll</c>),
/// on 127.0.0.1 and the test run's PostgreSQL and Redis, configured as <see cref="PortalApp"/> configures the in-process
/// ones — so that it can be killed outright (SIGKILL), which an in-process server cannot be. Killed on dispose.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDirectory;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    private PortalProcess(Process process, Uri baseAddress, string dataDirectory)
    {
        _process = process;
        BaseAddress = baseAddress;
        _dataDirectory = dataDirectory;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    /// <summary>What the process wrote (for failure messages).</summary>
    public string Output => string.Join('\n', _output.TakeLast(40));

    /// <summary>Starts an instance on <paramref name="database"/> (already migrated by another instance, or not) and waits until it is ready.</summary>
    public static async Task<PortalProcess> StartAsync(ScaleOutServers servers, string database, string issuer)
    {
        var port = FreePort();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "notarial-tests", "process-" + Guid.NewGuid().ToString("N")[..8]);
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Notarial.Portal.Server.dll"), "--urls", $"http://127.0.0.1:{port}", "--contentRoot", AppContext.BaseDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["Portal__DataDirectory"] = dataDirectory,
            ["Database__Provider"] = "PostgreSql",
            ["ConnectionStrings__Portal"] = servers.ConnectionString(database),
            ["Redis__Configuration"] = servers.RedisConfiguration,
            ["Redis__Prefix"] = database + ":",
            ["OAuth__Issuer"] = issuer,
            ["OAuth__AllowHttp"] = "true",
            ["OAuth__Keys__ActivationDelay"] = "00:00:00",
            ["Edge__RequireHttps"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Webhooks__RunSender"] = "false",
            ["ExpiryReminders__RunInBackground"] = "false",
            ["Plugins__RunSupervisor"] = "false",
            ["OAuth__TokenEndpoint__FailuresPerIp"] = "100000",
        };
        foreach (var kind in new[] { "ApiKey", "OAuthToken", "Session", "Anonymous" })
        {
            settings[$"RateLimits__{kind}__PerHour"] = "1000000";
            settings[$"RateLimits__{kind}__PerSecond"] = "100000";
        }

        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var portal = new PortalProcess(process, new Uri($"http://127.0.0.1:{port}/"), dataDirectory);
        process.OutputDataReceived += (_, e) => portal.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => portal.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => portal.Kill();

        using var client = new HttpClient { BaseAddress = portal.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        await Until.ValueAsync(async () =>
        {
            if (process.HasExited)
            {
                return "exited with " + process.ExitCode;
            }

            try
            {
                return ((int)(await client.GetAsync("health/ready")).StatusCode).ToString();
            }
            catch (HttpRequestException exception)
            {
                return exception.Message;
            }
            catch (TaskCanceledException)
            {
                return "timeout";
            }
        }, status => status == "200" || status.StartsWith("exited", StringComparison.Ordinal), "the portal process ready", TimeSpan.FromSeconds(60));
        Assert.False(process.HasExited, "The portal process exited: " + portal.Output);
        return portal;
    }

    /// <summary>SIGKILL: no shutdown, no flush, nothing the process could still do.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder.
        }

        return ValueTask.CompletedTask;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200)
        {
            _output.TryDequeue(out _);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
