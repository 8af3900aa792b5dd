using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Notarial.Portal.Features.Plugins;

/// <summary>
/// One running plugin process: started without a shell and with exactly the environment given, its stdout and stderr
/// read line by line into the plugin's log (a line longer than <see cref="MaxLineLength"/> is cut, so a plugin writing
/// megabytes costs memory for at most the last 500 short lines), stopped with SIGTERM and killed, with every process
/// it started, when it does not exit in time.
/// </summary>
internal sealed partial class PluginProcess : IDisposable
{
    public const int MaxLineLength = 2000;
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly Task _stdout;
    private readonly Task _stderr;

    private PluginProcess(Process process, PluginLog log)
    {
        _process = process;
        Id = process.Id;
        _stdout = PumpAsync(process.StandardOutput, "out", log);
        _stderr = PumpAsync(process.StandardError, "err", log);
    }

    public int Id { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the file; <paramref name="exited"/> runs once when the process has ended, with its exit code.</summary>
    public static PluginProcess Start(string file, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment,
        string workingDirectory, PluginLog log, Action<PluginProcess, int> exited)
    {
        var start = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing of the portal's own environment unless listed: the dictionary starts as a copy of it, so empty it first.
        start.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        PluginProcess? started = null;
        var gate = new TaskCompletionSource();
        process.Exited += async (_, _) =>
        {
            await gate.Task.ConfigureAwait(false);
            // Let the pumps drain what the process wrote last, but not wait on a child that holds the pipes open.
            await Task.WhenAny(Task.WhenAll(started!._stdout, started._stderr), Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false);
            try
            {
                exited(started, SafeExitCode(process));
            }
            catch (Exception exception) when (exception is ObjectDisposedException or InvalidOperationException)
            {
                // The supervisor went away with the host while this process was ending: nobody is left to tell. An
                // exception escaping an async event handler would end the whole process.
            }
        };
        process.Start();
        process.StandardInput.Close();
        started = new PluginProcess(process, log);
        gate.SetResult();
        return started;
    }

    /// <summary>SIGTERM, then a kill of the whole process tree after <paramref name="timeout"/>. True when it exited on its own.</summary>
    public async Task<bool> StopAsync(TimeSpan timeout, TimeProvider time)
    {
        try
        {
            return await TerminateAsync(timeout, time);
        }
        catch (InvalidOperationException)
        {
            // The process ended and was released meanwhile.
            return true;
        }
    }

    private async Task<bool> TerminateAsync(TimeSpan timeout, TimeProvider time)
    {
        if (_process.HasExited)
        {
            return true;
        }

        if (OperatingSystem.IsWindows())
        {
            _process.Kill(entireProcessTree: true);
        }
        else
        {
            _ = Kill(_process.Id, SigTerm);
        }

        using var patience = new CancellationTokenSource(timeout, time);
        try
        {
            await _process.WaitForExitAsync(patience.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited meanwhile.
            }

            using var last = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(last.Token);
            }
            catch (OperationCanceledException)
            {
                // A process the kernel cannot kill at once (uninterruptible I/O); its Exited event still ends its run.
            }

            return false;
        }
    }

    public void Dispose() => _process.Dispose();

    private static int SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }

    private static async Task PumpAsync(StreamReader reader, string stream, PluginLog log)
    {
        var buffer = new char[8192];
        var line = new StringBuilder();
        var cut = false;
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                for (var i = 0; i < read; i++)
                {
                    var c = buffer[i];
                    if (c == '\n')
                    {
                        log.Add(stream, Finish(line, cut));
                        line.Clear();
                        cut = false;
                    }
                    else if (line.Length < MaxLineLength)
                    {
                        if (c != '\r')
                        {
                            line.Append(c);
                        }
                    }
                    else
                    {
                        cut = true;
                    }
                }
            }
        }
        catch (IOException)
        {
            // The pipe broke: the process is gone.
        }
        catch (ObjectDisposedException)
        {
        }

        if (line.Length > 0)
        {
            log.Add(stream, Finish(line, cut));
        }
    }

    private static string Finish(StringBuilder line, bool cut) => cut ? line + " … (line cut)" : line.ToString();

#pragma warning disable SYSLIB1054, CA5392 // libc's kill(2): a plain int call; LibraryImport would need unsafe code for nothing.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054, CA5392
}
