using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Features.Plugins;

/// <summary>
/// Keeps the plugins declared in configuration (<c>Plugins:Items</c>) in the database as read-only plugins: added when
/// new, changed when their declaration changed, removed (with their application) when no longer declared. A declared
/// plugin that breaks a rule is skipped with a warning in the log, never half-applied.
/// </summary>
public sealed partial class DeclaredPlugins(
    IDbContextFactory<PortalDbContext> contexts,
    PluginCredentials credentials,
    PluginExecutableResolver resolver,
    SecurityEventLog events,
    IOptions<PluginOptions> options,
    TimeProvider time,
    ILogger<DeclaredPlugins> logger)
{
    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // Every instance syncs at start: one at a time, so two starting together do not both add a declared plugin.
        await using var turn = await DatabaseStartupLock.AcquireAsync(db, DatabaseMigrator.MigrationLockKey, cancellationToken);
        var existing = await db.Set<Plugin>().ToListAsync(cancellationToken);
        var declaredNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in options.Value.Items)
        {
            var draft = new PluginDraft(item.Name, item.Description, item.Executable, string.Join('\n', item.Arguments), item.Scopes, item.Environment,
                string.Join(' ', item.PassVariables), item.Enabled);
            var errors = PluginRules.Validate(draft, resolver, out var spec);
            if (spec is null)
            {
                LogInvalid(item.Name, string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}")));
                continue;
            }

            declaredNames.Add(spec.Name);
            var plugin = existing.FirstOrDefault(p => p.Name == spec.Name);
            if (plugin is null)
            {
                plugin = await PluginService.AddPluginAsync(db, credentials, time, spec, declared: true, cancellationToken);
                events.Add(db, Event(SecurityEventTypes.PluginDeclared, plugin, $"'{plugin.Name}' ({plugin.ClientId}) added from configuration; scopes: {plugin.Scopes}"));
                continue;
            }

            if (!plugin.Declared)
            {
                LogNameTaken(spec.Name);
                continue;
            }

            var changed = PluginService.Apply(plugin, spec);
            if (plugin.Enabled != spec.Enabled)
            {
                changed.Add(spec.Enabled ? "enabled" : "disabled");
                plugin.Enabled = spec.Enabled;
                await credentials.SetDisabledAsync(plugin.ApplicationId, !spec.Enabled, cancellationToken);
            }

            if (changed.Count > 0)
            {
                plugin.UpdatedAt = time.GetUtcNow();
                await credentials.UpdateAsync(plugin.ApplicationId, plugin.Name, plugin.ScopeList, plugin.Environment, cancellationToken);
                events.Add(db, Event(SecurityEventTypes.PluginDeclared, plugin, $"'{plugin.Name}' changed in configuration: {string.Join(", ", changed)}"));
            }
        }

        foreach (var gone in existing.Where(p => p.Declared && !declaredNames.Contains(p.Name)))
        {
            db.Remove(gone);
            events.Add(db, Event(SecurityEventTypes.PluginDeleted, gone, $"'{gone.Name}' ({gone.ClientId}) no longer declared in configuration"));
            await credentials.DeleteAsync(gone.ApplicationId, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static SecurityEventEntry Event(string type, Plugin plugin, string details) =>
        new(type, TargetType: PluginService.TargetType, TargetId: plugin.Id.ToString(), Details: details, Reason: "configuration");

    [LoggerMessage(Level = LogLevel.Warning, Message = "The plugin {Plugin} declared in configuration is skipped: {Problems}")]
    private partial void LogInvalid(string plugin, string problems);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The plugin {Plugin} declared in configuration is skipped: an admin registered a plugin of that name")]
    private partial void LogNameTaken(string plugin);
}
