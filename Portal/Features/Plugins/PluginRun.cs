namespace Notarial.Portal.Features.Plugins;

internal enum PluginCommand
{
    Start,
    Stop,
    Restart,
}

/// <summary>
/// The supervisor's record of one plugin on this instance: its process, when it started and exited, how many times in a
/// row it exited (for the backoff), an admin's pending command, and its log. Changed by the supervisor's loop and by
/// process exits, so every change takes the lock.
/// </summary>
internal sealed class PluginRun(Guid pluginId, PluginLog log)
{
    private readonly Lock _gate = new();
    private PluginCommand? _command;
    private bool _held;
    private bool _stopping;
    private int _starts;
    private int _exitsInARow;
    private DateTimeOffset? _runningSince;
    private int? _lastExitCode;
    private DateTimeOffset? _lastExitAt;
    private int _restarts;
    private DateTimeOffset? _nextStartAt;
    private string? _problem;

    public Guid PluginId { get; } = pluginId;

    public PluginLog Log { get; } = log;

    public PluginProcess? Process { get; private set; }

    /// <summary>The plugin's UpdatedAt when this process started: a later change restarts it.</summary>
    public DateTimeOffset? StartedVersion { get; private set; }

    public void Set(PluginCommand command)
    {
        lock (_gate)
        {
            // Restart wins over start; stop and restart replace each other (the last click counts).
            _command = command == PluginCommand.Start && _command == PluginCommand.Restart ? _command : command;
        }
    }

    public PluginCommand? TakeCommand()
    {
        lock (_gate)
        {
            var command = _command;
            _command = null;
            return command;
        }
    }

    /// <summary>Not started again until an admin starts it.</summary>
    public void Hold()
    {
        lock (_gate)
        {
            _held = true;
            _nextStartAt = null;
        }
    }

    /// <summary>An admin's start: a fresh backoff.</summary>
    public void Release()
    {
        lock (_gate)
        {
            _held = false;
            _exitsInARow = 0;
            _nextStartAt = null;
        }
    }

    public bool IsDue(DateTimeOffset now)
    {
        lock (_gate)
        {
            return !_held && Process is null && (_nextStartAt is null || now >= _nextStartAt);
        }
    }

    public void Started(PluginProcess process, DateTimeOffset version, DateTimeOffset now)
    {
        lock (_gate)
        {
            Process = process;
            StartedVersion = version;
            _runningSince = now;
            _nextStartAt = null;
            _problem = null;
            if (_starts++ > 0)
            {
                _restarts++;
            }
        }
    }

    /// <summary>It could not start: try again after the backoff.</summary>
    public DateTimeOffset Failed(DateTimeOffset now, string problem, PluginOptions options)
    {
        lock (_gate)
        {
            _problem = problem;
            _exitsInARow++;
            _nextStartAt = now + Backoff(options);
            return _nextStartAt.Value;
        }
    }

    /// <summary>The process ended. Unless it was being stopped on purpose, it starts again after the backoff (returned).</summary>
    public DateTimeOffset? Exited(PluginProcess process, int exitCode, DateTimeOffset now, PluginOptions options)
    {
        lock (_gate)
        {
            _lastExitCode = exitCode;
            _lastExitAt = now;
            if (_stopping || !ReferenceEquals(Process, process))
            {
                return null;
            }

            if (_runningSince is { } since && now - since >= options.StableAfter)
            {
                _exitsInARow = 0;
            }

            Process = null;
            _runningSince = null;
            _exitsInARow++;
            _problem = $"Exited with code {exitCode}.";
            _nextStartAt = now + Backoff(options);
            return _nextStartAt;
        }
    }

    /// <summary>The process to stop, if any; its exit will not be taken for a crash.</summary>
    public PluginProcess? BeginStop()
    {
        lock (_gate)
        {
            _stopping = Process is not null;
            return Process;
        }
    }

    public void Stopped(PluginProcess process)
    {
        lock (_gate)
        {
            if (ReferenceEquals(Process, process))
            {
                Process = null;
            }

            _runningSince = null;
            _stopping = false;
            _nextStartAt = null;
            _problem = null;
        }
    }

    /// <summary>Nothing runs and nothing is planned (disabled while waiting out a backoff).</summary>
    public void Idle()
    {
        lock (_gate)
        {
            _nextStartAt = null;
        }
    }

    public PluginStatus Status()
    {
        lock (_gate)
        {
            var state = Process is not null ? PluginState.Running
                : _held ? PluginState.Stopped
                : _nextStartAt is not null ? PluginState.Waiting
                : PluginState.Pending;
            return new PluginStatus(state, _runningSince, Process?.Id, _lastExitCode, _lastExitAt, _restarts, _nextStartAt, state == PluginState.Running ? null : _problem);
        }
    }

    private TimeSpan Backoff(PluginOptions options)
    {
        var factor = Math.Pow(2, Math.Min(_exitsInARow - 1, 30));
        var wait = TimeSpan.FromTicks((long)Math.Min(options.InitialBackoff.Ticks * factor, options.MaxBackoff.Ticks));
        return wait;
    }
}
