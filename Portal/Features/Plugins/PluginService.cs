using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Admin;
using Notarial.Portal.Features.ScaleOut;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Features.Plugins;

/// <summary>
/// What admins do with plugins: register, change, enable, disable, delete, start, stop, restart, read the status and
/// log. Every operation reads the actor's powers from the database first (admin with 2FA — support staff and developers
/// are refused whatever page they reach), and every change is a security event with its actor. Declared plugins
/// (configuration) can be started, stopped and restarted but not changed.
/// </summary>
public sealed partial class PluginService(
    IDbContextFactory<PortalDbContext> contexts,
    PluginCredentials credentials,
    PluginExecutableResolver resolver,
    PluginSupervisor supervisor,
    PortalInstance instance,
    SecurityEventLog events,
    TimeProvider time,
    ILogger<PluginService> logger)
{
    public const string TargetType = "plugin";

    /// <summary>The plugins folder, for the form's help text.</summary>
    public string Folder => resolver.Root;

    /// <summary>Every plugin, by name; null when the actor is not an admin.</summary>
    public async Task<IReadOnlyList<PluginView>?> ListAsync(StaffActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await IsAdminAsync(db, actor, cancellationToken))
        {
            return null;
        }

        var plugins = await db.Set<Plugin>().AsNoTracking().ToListAsync(cancellationToken);
        return [.. plugins.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Select(View)];
    }

    public async Task<PluginResult> GetAsync(StaffActor actor, Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await IsAdminAsync(db, actor, cancellationToken))
        {
            return PluginResult.Forbidden();
        }

        return await db.Set<Plugin>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken) is { } plugin
            ? new PluginResult(true, "", Plugin: View(plugin))
            : PluginResult.NotFound();
    }

    /// <summary>Whether this instance runs the plugins and, when not, which does; null when the actor is not an admin.</summary>
    public async Task<PluginPlacementView?> PlacementAsync(StaffActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await IsAdminAsync(db, actor, cancellationToken) ? await supervisor.PlacementAsync(instance.Name, cancellationToken) : null;
    }

    /// <summary>The plugin's last 500 lines of output (redacted); null when the actor is not an admin.</summary>
    public async Task<IReadOnlyList<PluginLogLine>?> LogAsync(StaffActor actor, Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await IsAdminAsync(db, actor, cancellationToken) ? supervisor.LogOf(id) : null;
    }

    /// <summary>Registers a plugin and provisions its application; an enabled one starts within a moment.</summary>
    public async Task<PluginResult> CreateAsync(StaffActor actor, PluginDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await IsAdminAsync(db, actor, cancellationToken))
        {
            return PluginResult.Forbidden();
        }

        var errors = PluginRules.Validate(draft, resolver, out var spec).ToList();
        var name = draft.Name?.Trim() ?? "";
        if (name.Length > 0 && await db.Set<Plugin>().AnyAsync(p => p.Name == name, cancellationToken))
        {
            errors.Add(new FieldError(PluginFields.Name, "A plugin with this name exists: choose another name."));
        }

        if (errors.Count > 0)
        {
            return PluginResult.Invalid(errors);
        }

        var plugin = await AddAsync(db, spec!, declared: false, cancellationToken);
        events.Add(db, Event(actor, SecurityEventTypes.PluginCreated, plugin,
            $"'{plugin.Name}' ({plugin.ClientId}), {plugin.Environment}, {(plugin.Enabled ? "enabled" : "disabled")}; runs {plugin.Executable}; scopes: {plugin.Scopes}" +
            (plugin.PassVariables.Length > 0 ? $"; passes {plugin.PassVariables}" : "")));
        await db.SaveChangesAsync(cancellationToken);
        LogCreated(plugin.Name, actor.UserId);
        supervisor.Wake();
        return new PluginResult(true, $"“{plugin.Name}” is registered{(plugin.Enabled ? " and starts in a moment" : "")}.", Plugin: View(plugin));
    }

    /// <summary>Changes a plugin; a running one restarts with the change.</summary>
    public async Task<PluginResult> UpdateAsync(StaffActor actor, Guid id, PluginDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await IsAdminAsync(db, actor, cancellationToken))
        {
            return PluginResult.Forbidden();
        }

        if (await db.Set<Plugin>().FirstOrDefaultAsync(p => p.Id == id, cancellationToken) is not { } plugin)
        {
            return PluginResult.NotFound();
        }

        if (plugin.Declared)
        {
            return PluginResult.Declared(plugin.Name);
        }

        var errors = PluginRules.Validate(draft with { Enabled = plugin.Enabled }, resolver, out var spec).ToList();
        var name = draft.Name?.Trim() ?? "";
        if (name.Length > 0 && await db.Set<Plugin>().AnyAsync(p => p.Name == name && p.Id != id, cancellationToken))
        {
            errors.Add(new FieldError(PluginFields.Name, "A plugin with this name exists: choose another name."));
        }

        if (errors.Count > 0)
        {
            return PluginResult.Invalid(errors);
        }

        var changed = Apply(plugin, spec!);
        if (changed.Count == 0)
        {
            return new PluginResult(true, "Nothing changed.", Plugin: View(plugin));
        }

        plugin.UpdatedAt = time.GetUtcNow();
        await credentials.UpdateAsync(plugin.ApplicationId, plugin.Name, plugin.ScopeList, plugin.Environment, cancellationToken);
        events.Add(db, Event(actor, SecurityEventTypes.PluginUpdated, plugin, $"'{plugin.Name}' changed: {string.Join(", ", changed)}"));
        await db.SaveChangesAsync(cancellationToken);
        supervisor.Wake();
        return new PluginResult(true, $"“{plugin.Name}” is saved{(plugin.Enabled ? " and restarts with the change" : "")}.", Plugin: View(plugin));
    }

    /// <summary>Enables (it starts) or disables a plugin: disabling stops the process and ends its client and every token at once.</summary>
    public async Task<PluginResult> SetEnabledAsync(StaffActor actor, Guid id, bool enabled, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await IsAdminAsync(db, actor, cancellationToken))
        {
            return PluginResult.Forbidden();
        }

        if (await db.Set<Plugin>().FirstOrDefaultAsync(p => p.Id == id, cancellationToken) is not { } plugin)
        {
            return PluginResult.NotFound();
        }

        if (plugin.Declared)
        {
            return PluginResult.Declared(plugin.Name);
        }

        if (plugin.Enabled == enabled)
        {
            return new PluginResult(true, $"“{plugin.Name}” is already {(enabled ? "enabled" : "disabled")}.", Plugin: View(plugin));
        }

        plugin.Enabled = enabled;
        plugin.UpdatedAt = time.GetUtcNow();
        await credentials.SetDisabledAsync(plugin.ApplicationId, !enabled, cancellationToken);
        events.Add(db, Event(actor, enabled ? SecurityEventTypes.PluginEnabled : SecurityEventTypes.PluginDisabled, plugin,
            enabled ? $"'{plugin.Name}' enabled" : $"'{plugin.Name}' disabled; its client and every token it held were revoked"));
        await db.SaveChangesAsync(cancellationToken);
        supervisor.Wake();
        return new PluginResult(true, enabled ? $"“{plugin.Name}” is enabled and starts in a moment."
            : $"“{plugin.Name}” is disabled: its process stops and its tokens no longer work.", Plugin: View(plugin));
    }

    /// <summary>Deletes a plugin with its application: the process stops and every token ends.</summary>
    public async Task<PluginResult> DeleteAsync(StaffActor actor, Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await IsAdminAsync(db, actor, cancellationToken))
        {
            return PluginResult.Forbidden();
        }

        if (await db.Set<Plugin>().FirstOrDefaultAsync(p => p.Id == id, cancellationToken) is not { } plugin)
        {
            return PluginResult.NotFound();
        }

        if (plugin.Declared)
        {
            return PluginResult.Declared(plugin.Name);
        }

        var view = View(plugin);
        db.Remove(plugin);
        events.Add(db, Event(actor, SecurityEventTypes.PluginDeleted, plugin, $"'{plugin.Name}' ({plugin.ClientId}) deleted with its application"));
        await db.SaveChangesAsync(cancellationToken);
        await credentials.DeleteAsync(plugin.ApplicationId, cancellationToken);
        supervisor.Wake();
        return new PluginResult(true, $"“{plugin.Name}” is deleted: its process stops and its tokens no longer work.", Plugin: view);
    }

    public Task<PluginResult> StartAsync(StaffActor actor, Guid id, CancellationToken cancellationToken = default) =>
        CommandAsync(actor, id, SecurityEventTypes.PluginStarted, supervisor.Start, "starts", cancellationToken);

    public Task<PluginResult> StopAsync(StaffActor actor, Guid id, CancellationToken cancellationToken = default) =>
        CommandAsync(actor, id, SecurityEventTypes.PluginStopped, supervisor.Stop, "stops (it stays stopped until started)", cancellationToken);

    /// <summary>Stops the process and starts a new one, with a new client secret.</summary>
    public Task<PluginResult> RestartAsync(StaffActor actor, Guid id, CancellationToken cancellationToken = default) =>
        CommandAsync(actor, id, SecurityEventTypes.PluginRestarted, supervisor.Restart, "restarts with a new client secret", cancellationToken);

    private async Task<PluginResult> CommandAsync(StaffActor actor, Guid id, string type, Action<Guid> command, string what, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await IsAdminAsync(db, actor, cancellationToken))
        {
            return PluginResult.Forbidden();
        }

        if (await db.Set<Plugin>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken) is not { } plugin)
        {
            return PluginResult.NotFound();
        }

        if (!plugin.Enabled)
        {
            return new PluginResult(false, $"“{plugin.Name}” is disabled: enable it first.", AdminFailure.Invalid);
        }

        // Start, stop and restart act on the process, which lives on the instance running the plugins.
        if (await supervisor.PlacementAsync(instance.Name, cancellationToken) is { Here: false } placement)
        {
            return new PluginResult(false, placement switch
            {
                { Runner: { } runner } => $"“{plugin.Name}” runs on the instance {runner}, not on this one: start, stop or restart it from that instance's admin tab.",
                { SupervisorOff: true } => $"This instance does not run plugins (Plugins:RunSupervisor is off), so it cannot start, stop or restart “{plugin.Name}”.",
                _ => $"No instance runs the plugins at the moment, so “{plugin.Name}” cannot be started, stopped or restarted from here.",
            }, AdminFailure.Invalid);
        }

        await events.RecordAsync(Event(actor, type, plugin, $"'{plugin.Name}'"), cancellationToken);
        command(plugin.Id);
        return new PluginResult(true, $"“{plugin.Name}” {what}.", Plugin: View(plugin));
    }

    /// <summary>Adds the plugin with a freshly provisioned application (not saved).</summary>
    internal async Task<Plugin> AddAsync(PortalDbContext db, PluginSpec spec, bool declared, CancellationToken cancellationToken) =>
        await AddPluginAsync(db, credentials, time, spec, declared, cancellationToken);

    internal static async Task<Plugin> AddPluginAsync(PortalDbContext db, PluginCredentials credentials, TimeProvider time, PluginSpec spec, bool declared,
        CancellationToken cancellationToken)
    {
        var registered = await credentials.ProvisionAsync(spec.Name, spec.Scopes, spec.Environment, cancellationToken);
        if (!spec.Enabled)
        {
            await credentials.SetDisabledAsync(registered.ApplicationId, true, cancellationToken);
        }

        var now = time.GetUtcNow();
        var plugin = new Plugin
        {
            Id = Guid.CreateVersion7(),
            Declared = declared,
            ApplicationId = registered.ApplicationId,
            ClientId = registered.ClientId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        Apply(plugin, spec);
        plugin.Enabled = spec.Enabled;
        db.Add(plugin);
        return plugin;
    }

    /// <summary>Copies the spec's settings (not Enabled) onto the plugin; the names of those that changed.</summary>
    internal static List<string> Apply(Plugin plugin, PluginSpec spec)
    {
        var changed = new List<string>();
        void Set(string field, string current, string value, Action<string> assign)
        {
            if (!string.Equals(current, value, StringComparison.Ordinal))
            {
                changed.Add(field);
                assign(value);
            }
        }

        Set("name", plugin.Name, spec.Name, v => plugin.Name = v);
        Set("description", plugin.Description ?? "", spec.Description ?? "", v => plugin.Description = v.Length == 0 ? null : v);
        Set("executable", plugin.Executable, spec.Executable, v => plugin.Executable = v);
        Set("arguments", plugin.Arguments, string.Join('\n', spec.Arguments), v => plugin.Arguments = v);
        Set("scopes", plugin.Scopes, string.Join(' ', spec.Scopes), v => plugin.Scopes = v);
        Set("environment", plugin.Environment, spec.Environment, v => plugin.Environment = v);
        Set("variables", plugin.PassVariables, string.Join(' ', spec.PassVariables), v => plugin.PassVariables = v);
        return changed;
    }

    private PluginView View(Plugin p) =>
        new(p.Id, p.Name, p.Description, p.Executable, p.ArgumentList, p.ScopeList, p.Environment, p.PassVariableList, p.Enabled, p.Declared,
            p.ClientId, p.ApplicationId, p.CreatedAt, p.UpdatedAt, supervisor.StatusOf(p.Id, p.Enabled));

    private static async Task<bool> IsAdminAsync(PortalDbContext db, StaffActor actor, CancellationToken cancellationToken) =>
        await StaffPowersReader.ReadAsync(db, actor, cancellationToken) is { IsAdmin: true };

    private static SecurityEventEntry Event(StaffActor actor, string type, Plugin plugin, string details) =>
        new(type, ActorUserId: actor.UserId, TargetType: TargetType, TargetId: plugin.Id.ToString(), Details: details, Origin: actor.Origin);

    [LoggerMessage(Level = LogLevel.Information, Message = "Plugin {Plugin} registered by {Actor}")]
    private partial void LogCreated(string plugin, string actor);
}
