using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Notarial.Portal.Features.Plugins;

/// <summary>
/// A plugin the portal runs: what to start (an executable inside the plugins folder, its arguments), what it may do
/// (scopes, environment) and the system-owned OAuth application that carries its identity. Declared plugins come from
/// configuration and are kept in step with it at start; admins cannot change them.
/// </summary>
public sealed class Plugin
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    /// <summary>The executable as entered, relative to the plugins folder.</summary>
    public string Executable { get; set; } = "";

    /// <summary>The arguments, one per line (no shell: each line is one argument, passed as is).</summary>
    public string Arguments { get; set; } = "";

    /// <summary>Space-separated scopes.</summary>
    public string Scopes { get; set; } = "";

    public string Environment { get; set; } = Platform.PlatformEnvironments.Live;

    /// <summary>Space-separated names of the portal's environment variables passed on to the plugin.</summary>
    public string PassVariables { get; set; } = "";

    public bool Enabled { get; set; }

    /// <summary>Declared in configuration (<c>Plugins:Items</c>): read-only in the portal.</summary>
    public bool Declared { get; set; }

    /// <summary>The plugin's OAuth application (kind plugin, owned by the system).</summary>
    public string ApplicationId { get; set; } = "";

    public string ClientId { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public IReadOnlyList<string> ArgumentList => Arguments.Length == 0 ? [] : Arguments.Split('\n');

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<string> PassVariableList => PassVariables.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

internal sealed class PluginConfiguration : IEntityTypeConfiguration<Plugin>
{
    public void Configure(EntityTypeBuilder<Plugin> builder)
    {
        builder.ToTable("plugins");
        builder.Property(p => p.Name).HasMaxLength(80);
        builder.Property(p => p.Description).HasMaxLength(500);
        builder.Property(p => p.Executable).HasMaxLength(400);
        builder.Property(p => p.Arguments).HasMaxLength(4000);
        builder.Property(p => p.Scopes).HasMaxLength(1000);
        builder.Property(p => p.Environment).HasMaxLength(8);
        builder.Property(p => p.PassVariables).HasMaxLength(1000);
        builder.Property(p => p.ApplicationId).HasMaxLength(64);
        builder.Property(p => p.ClientId).HasMaxLength(64);
        builder.HasIndex(p => p.Name).IsUnique();
        builder.Ignore(p => p.ArgumentList);
        builder.Ignore(p => p.ScopeList);
        builder.Ignore(p => p.PassVariableList);
    }
}
