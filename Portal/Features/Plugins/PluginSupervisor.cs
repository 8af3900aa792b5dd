using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Features.Plugins;

/// <summary>
/// Runs the enabled plugins on this instance (when <see cref="IPluginPlacement"/> says so) and keeps them running: a
/// plugin that exits is started again after a backoff that doubles on each exit in a row (from
/// <see cref="PluginOptions.InitialBackoff"/> to <see cref="PluginOptions.MaxBackoff"/>, measured on the
/// <see cref="TimeProvider"/>); every start gets a new client secret; a changed plugin is restarted; a disabled or
/// deleted one is stopped; every plugin is stopped when the portal stops. One loop does all starting and stopping, so
/// there is never a race between two starts of a plugin; process exits and admin commands only wake it.
/// </summary>
public sealed partial class PluginSupervisor(
    IDbContextFactory<PortalDbContext> contexts,
    PluginCredentials credentials,
    PluginExecutableResolver resolver,
    PluginApiBaseUrl baseUrl,
    IPluginPlacement placement,
    DeclaredPlugins declared,
    SecurityEventLog events,
    IHostApplicationLifetime lifetime,
    IOptions<PluginOptions> options,
    TimeProvider time,
    ILogger<PluginSupervisor> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, PluginRun> _runs = new();
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly PluginOptions _options = options.Value;
    private bool _here = true;

    /// <summary>The plugin's process on this instance.</summary>
    public PluginStatus StatusOf(Guid pluginId, bool enabled)
    {
        if (!_here)
        {
            return new PluginStatus(PluginState.Elsewhere);
        }

        if (!enabled)
        {
            return _runs.TryGetValue(pluginId, out var stopped) ? stopped.Status() with { State = PluginState.Disabled, RunningSince = null, ProcessId = null, NextStartAt = null }
                : new PluginStatus(PluginState.Disabled);
        }

        return _runs.TryGetValue(pluginId, out var run) ? run.Status() : PluginStatus.Pending;
    }

    /// <summary>Whether this instance runs the plugins, and which does when not.</summary>
    public async Task<PluginPlacementView> PlacementAsync(string thisInstance, CancellationToken cancellationToken = default)
    {
        if (!_options.RunSupervisor)
        {
            return new PluginPlacementView(false, thisInstance, null, SupervisorOff: true);
        }

        return _here ? new PluginPlacementView(true, thisInstance, thisInstance, false)
            : new PluginPlacementView(false, thisInstance, await placement.RunnerAsync(cancellationToken), false);
    }

    /// <summary>The last lines the plugin wrote (redacted), oldest first.</summary>
    public IReadOnlyList<PluginLogLine> LogOf(Guid pluginId) => _runs.TryGetValue(pluginId, out var run) ? run.Log.Lines() : [];

    /// <summary>Starts a plugin an admin stopped (or one waiting out a backoff) now.</summary>
    public void Start(Guid pluginId) => Command(pluginId, PluginCommand.Start);

    /// <summary>Stops the plugin until started again.</summary>
    public void Stop(Guid pluginId) => Command(pluginId, PluginCommand.Stop);

    public void Restart(Guid pluginId) => Command(pluginId, PluginCommand.Restart);

    /// <summary>Look at the plugins again now (after a change).</summary>
    /// <remarks>
    /// A process can exit (and call this) after the host disposed the supervisor; the semaphore is therefore never
    /// disposed (it holds no wait handle unless one is asked for), so a late wake is simply not waited on.
    /// </remarks>
    public void Wake() => _wake.Release();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.RunSupervisor)
        {
            _here = false;
            return;
        }

        // Plugins call back into this server: wait until it listens.
        if (!await StartedAsync(stoppingToken))
        {
            return;
        }

        try
        {
            await declared.SyncAsync(stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogSyncFailed(exception);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PassAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogPassFailed(exception);
            }

            try
            {
                await _wake.WaitAsync(_options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await Task.WhenAll(_runs.Values.Select(run => StopRunAsync(run, "the portal is stopping")));
    }

    public override void Dispose()
    {
        foreach (var run in _runs.Values)
        {
            run.Process?.Dispose();
        }

        base.Dispose();
    }

    /// <summary>One look at every plugin: start, stop or restart what needs it.</summary>
    internal async Task PassAsync(CancellationToken cancellationToken)
    {
        _here = await placement.ShouldRunPluginsHereAsync(cancellationToken);
        List<Plugin> plugins;
        if (_here)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            plugins = await db.Set<Plugin>().AsNoTracking().ToListAsync(cancellationToken);
        }
        else
        {
            plugins = [];
        }

        var byId = plugins.ToDictionary(p => p.Id);
        foreach (var run in _runs.Values)
        {
            if (!byId.TryGetValue(run.PluginId, out var plugin) || !plugin.Enabled)
            {
                await StopRunAsync(run, plugin is null ? (_here ? "the plugin was deleted" : "another instance runs the plugins") : "the plugin was disabled");
                if (plugin is null)
                {
                    _runs.TryRemove(run.PluginId, out _);
                }
            }
        }

        foreach (var plugin in plugins.Where(p => p.Enabled))
        {
            var run = _runs.GetOrAdd(plugin.Id, id => new PluginRun(id, new PluginLog(time)));
            var now = time.GetUtcNow();
            switch (run.TakeCommand())
            {
                case PluginCommand.Stop:
                    await StopRunAsync(run, "stopped by an admin");
                    run.Hold();
                    continue;
                case PluginCommand.Restart:
                    await StopRunAsync(run, "restarted by an admin");
                    run.Release();
                    await StartAsync(run, plugin, cancellationToken);
                    continue;
                case PluginCommand.Start:
                    run.Release();
                    if (run.Process is null)
                    {
                        await StartAsync(run, plugin, cancellationToken);
                    }

                    continue;
            }

            if (run.Process is not null)
            {
                if (run.StartedVersion != plugin.UpdatedAt)
                {
                    await StopRunAsync(run, "the plugin was changed");
                    await StartAsync(run, plugin, cancellationToken);
                }
            }
            else if (run.IsDue(now))
            {
                await StartAsync(run, plugin, cancellationToken);
            }
        }
    }

    private async Task StartAsync(PluginRun run, Plugin plugin, CancellationToken cancellationToken)
    {
        var (path, problem) = resolver.Resolve(plugin.Executable);
        string? secret = null;
        if (problem is null)
        {
            secret = await credentials.RotateForStartAsync(plugin.ApplicationId, cancellationToken);
            problem = secret is null ? "The plugin's application is missing: edit and save the plugin to provision it again." : null;
        }

        if (problem is not null)
        {
            run.Log.Add("supervisor", "Cannot start: " + problem);
            var next = run.Failed(time.GetUtcNow(), problem, _options);
            LogCannotStart(plugin.Name, problem, next);
            return;
        }

        await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.PluginSecretRotated, TargetType: PluginService.TargetType,
            TargetId: plugin.Id.ToString(), Details: $"'{plugin.Name}' ({plugin.ClientId}) started with a new client secret; the previous one and its tokens stopped"), cancellationToken);

        var environment = PluginEnvironment.Build(plugin.ClientId, secret!, baseUrl.Value, plugin.PassVariableList, System.Environment.GetEnvironmentVariable);
        run.Log.Forget(secret);
        try
        {
            var process = PluginProcess.Start(path!, plugin.ArgumentList, environment, Path.GetDirectoryName(path!)!, run.Log, (p, code) => Exited(run, p, code));
            run.Started(process, plugin.UpdatedAt, time.GetUtcNow());
            run.Log.Add("supervisor", $"Started (process {process.Id}).");
            LogStarted(plugin.Name, process.Id);
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            var reason = "The operating system refused to start it: " + exception.Message;
            run.Log.Add("supervisor", "Cannot start: " + reason);
            run.Failed(time.GetUtcNow(), reason, _options);
            LogCannotStart(plugin.Name, reason, null);
        }
    }

    private void Exited(PluginRun run, PluginProcess process, int exitCode)
    {
        // A crash: the run lets go of the process, so it is disposed here. A stop in progress disposes it itself.
        if (run.Exited(process, exitCode, time.GetUtcNow(), _options) is { } next)
        {
            run.Log.Add("supervisor", $"Exited with code {exitCode}; starting again at {next:u}.");
            LogExited(run.PluginId, exitCode, next);
            process.Dispose();
        }

        Wake();
    }

    private async Task StopRunAsync(PluginRun run, string why)
    {
        if (run.BeginStop() is not { } process)
        {
            run.Idle();
            return;
        }

        var graceful = await process.StopAsync(_options.StopTimeout, time);
        run.Log.Add("supervisor", graceful ? $"Stopped: {why}." : $"Killed after {_options.StopTimeout.TotalSeconds:0.#} s without exiting on SIGTERM: {why}.");
        run.Stopped(process);
        process.Dispose();
        LogStopped(run.PluginId, why, graceful);
    }

    private void Command(Guid pluginId, PluginCommand command)
    {
        _runs.GetOrAdd(pluginId, id => new PluginRun(id, new PluginLog(time))).Set(command);
        Wake();
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetResult());
        await started.Task;
        return !stoppingToken.IsCancellationRequested;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Plugin {Plugin} started as process {ProcessId}")]
    private partial void LogStarted(string plugin, int processId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plugin {Plugin} cannot start: {Problem}; next try at {NextStart}")]
    private partial void LogCannotStart(string plugin, string problem, DateTimeOffset? nextStart);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plugin {PluginId} exited with code {ExitCode}; next start at {NextStart}")]
    private partial void LogExited(Guid pluginId, int exitCode, DateTimeOffset nextStart);

    [LoggerMessage(Level = LogLevel.Information, Message = "Plugin {PluginId} stopped ({Why}); exited on SIGTERM: {Graceful}")]
    private partial void LogStopped(Guid pluginId, string why, bool graceful);

    [LoggerMessage(Level = LogLevel.Error, Message = "A pass of the plugin supervisor failed")]
    private partial void LogPassFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The plugins declared in configuration could not be applied")]
    private partial void LogSyncFailed(Exception exception);
}
