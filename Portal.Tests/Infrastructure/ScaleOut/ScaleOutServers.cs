using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Notarial.Portal.Tests.Infrastructure.ScaleOut;

/// <summary>
/// Throwaway PostgreSQL and Redis servers on 127.0.0.1 for the whole test run, started by the first test that needs them
/// and stopped when the test process exits (Debian's packages; test.sh installs them; no containers on these machines).
/// Each portal under test gets a database of its own (<see cref="CreateDatabaseAsync"/>); Redis is shared, with a key
/// prefix per test where it matters.
/// </summary>
public sealed class ScaleOutServers
{
    private static readonly Lazy<Task<ScaleOutServers>> Instance = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _folder;
    private readonly string _postgresBin;

    private ScaleOutServers(string folder, string postgresBin, int postgresPort, int redisPort)
    {
        _folder = folder;
        _postgresBin = postgresBin;
        PostgresPort = postgresPort;
        RedisPort = redisPort;
    }

    public int PostgresPort { get; }

    public int RedisPort { get; }

    /// <summary>The StackExchange.Redis configuration string of the test Redis.</summary>
    public string RedisConfiguration => $"127.0.0.1:{RedisPort},abortConnect=false";

    /// <summary>The servers, started on first use.</summary>
    public static Task<ScaleOutServers> GetAsync() => Instance.Value;

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={PostgresPort};Username=portal;Database={database}";

    /// <summary>A new empty database; its name.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    /// <summary>
    /// A Redis of its own on a port chosen now but not started until <see cref="SpareRedis.StartAsync"/>: for tests of
    /// instances that start while Redis is unreachable. Stopped (by its process id) on dispose.
    /// </summary>
    public static SpareRedis ReserveRedis() => new(FreePort());

    public sealed class SpareRedis : IAsyncDisposable
    {
        private Process? _process;

        internal SpareRedis(int port) => Port = port;

        public int Port { get; }

        /// <summary>A StackExchange.Redis configuration string for it, failing fast while it is down.</summary>
        public string Configuration => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=1000,syncTimeout=1000,asyncTimeout=1000";

        public async Task StartAsync()
        {
            var start = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
            {
                start.ArgumentList.Add(argument);
            }

            _process = Process.Start(start)!;
            _process.OutputDataReceived += (_, _) => { };
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
            for (var attempt = 0; attempt < 100; attempt++)
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, Port);
                    return;
                }
                catch (SocketException)
                {
                    await Task.Delay(50); // Waiting for the new process to listen.
                }
            }

            throw new InvalidOperationException($"The spare Redis on port {Port} did not start.");
        }

        public ValueTask DisposeAsync()
        {
            Stop();
            return ValueTask.CompletedTask;
        }

        private void Stop()
        {
            if (_process is { HasExited: false })
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }

            _process?.Dispose();
            _process = null;
        }
    }

    private static async Task<ScaleOutServers> StartAsync()
    {
        var postgresBin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).Max()
            : null;
        if (postgresBin is null || !File.Exists("/usr/bin/redis-server"))
        {
            throw new InvalidOperationException("PostgreSQL and Redis are needed: apt-get install -y postgresql redis-server (test.sh does it).");
        }

        var folder = Path.Combine(Path.GetTempPath(), "notarial-tests", "servers-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", ["postgres", folder]);
        }

        var postgresPort = FreePort();
        var redisPort = FreePort();
        var servers = new ScaleOutServers(folder, postgresBin, postgresPort, redisPort);

        // initdb refuses root: as the postgres user the package created. fsync off: a test database need not survive a power cut.
        await servers.PostgresAsync(asRoot, "initdb", "-D", Path.Combine(folder, "db"), "-A", "trust", "-U", "portal", "--no-sync");
        await servers.PostgresAsync(asRoot, "pg_ctl", "-D", Path.Combine(folder, "db"), "-w", "-l", Path.Combine(folder, "postgres.log"),
            "-o", $"-p {postgresPort} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=400", "start");
        await RunAsync("redis-server", ["--port", redisPort.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--daemonize", "yes", "--pidfile", Path.Combine(folder, "redis.pid"), "--logfile", Path.Combine(folder, "redis.log")]);

        AppDomain.CurrentDomain.ProcessExit += (_, _) => servers.Stop(asRoot);
        servers.StartWatchdog(asRoot);
        await servers.WaitForRedisAsync();
        return servers;
    }

    /// <summary>
    /// The test host may be killed before its exit handler finishes (or by SIGKILL): a detached shell watches this
    /// process and stops the servers when it is gone.
    /// </summary>
    private void StartWatchdog(bool asRoot)
    {
        var pgCtl = Path.Combine(_postgresBin, "pg_ctl");
        var stopPostgres = asRoot ? $"runuser -u postgres -- {pgCtl}" : pgCtl;
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; " +
                     $"redis-cli -p {RedisPort} shutdown nosave >/dev/null 2>&1; " +
                     $"{stopPostgres} -D {_folder}/db -m immediate stop >/dev/null 2>&1; rm -rf {_folder}";
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "sh", "-c", script })
        {
            start.ArgumentList.Add(argument);
        }

        Process.Start(start)?.Dispose();
    }

    private void Stop(bool asRoot)
    {
        try
        {
            RunAsync("redis-cli", ["-p", RedisPort.ToString(), "shutdown", "nosave"]).GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        try
        {
            PostgresAsync(asRoot, "pg_ctl", "-D", Path.Combine(_folder, "db"), "-m", "immediate", "stop").GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder.
        }
        catch (UnauthorizedAccessException)
        {
            // Left in the temp folder.
        }
    }

    private async Task WaitForRedisAsync()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, RedisPort);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50); // Waiting for another process to listen, not for time to pass in the app.
            }
        }

        throw new InvalidOperationException($"Redis did not start; see {_folder}/redis.log");
    }

    private Task PostgresAsync(bool asRoot, string tool, params string[] arguments)
    {
        var path = Path.Combine(_postgresBin, tool);
        return asRoot ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments]) : RunAsync(path, arguments);
    }

    private static async Task RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
