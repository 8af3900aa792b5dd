using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Admin;
using Notarial.Portal.Features.Plugins;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Tests.Features.Plugins;

/// <summary>The admin side of plugins: only admins (checked in the service, whatever page is reached), executables
/// only inside the plugins folder, every change a security event with its actor, declared plugins read-only.</summary>
[Collection(PluginCollection.Name)]
public sealed class PluginAdminTests(PluginPortalApp app)
{
    private PluginService Plugins => app.Services.GetRequiredService<PluginService>();

    private async Task<StaffActor> AdminAsync() =>
        new((await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Admin)).Id, new RequestOrigin("203.0.113.7", "plugin tests"));

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    private static PluginDraft Draft(string name, string executable, bool enabled = false) =>
        new(name, null, executable, null, ["read"], "test", null, enabled);

    public static TheoryData<string, string> Escapes() => new()
    {
        { "../outside.sh", "The path must stay inside the plugins folder: “..” is not allowed." },
        { "tools/../../outside.sh", "The path must stay inside the plugins folder: “..” is not allowed." },
        { "/bin/sh", "Give the path relative to the plugins folder" },
        { "~/run.sh", "Give the path relative to the plugins folder" },
        { "escape-folder/run.sh", "The path leads out of the plugins folder through a symbolic link" },
        { "escape-file", "The path leads out of the plugins folder through a symbolic link" },
        { "", "Enter the executable's path inside the plugins folder" },
    };

    [Theory]
    [MemberData(nameof(Escapes))]
    public async Task An_executable_outside_the_plugins_folder_is_refused_next_to_the_field(string executable, string message)
    {
        var outside = Directory.CreateTempSubdirectory("notarial-outside-").FullName;
        PluginFiles.Write(outside, "run.sh", "#!/bin/sh\necho escaped\n");
        Directory.CreateDirectory(app.PluginsFolder);
        Link(Path.Combine(app.PluginsFolder, "escape-folder"), outside);
        Link(Path.Combine(app.PluginsFolder, "escape-file"), "/bin/sh");
        var admin = await AdminAsync();

        var result = await Plugins.CreateAsync(admin, Draft(Unique("escape"), executable));

        Assert.False(result.Succeeded);
        Assert.Equal(AdminFailure.Invalid, result.Failure);
        var error = Assert.Single(result.FieldErrors);
        Assert.Equal(PluginFields.Executable, error.Field);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_symbolic_link_that_stays_inside_the_folder_is_accepted_and_one_made_to_escape_later_is_refused_at_start()
    {
        var name = Unique("linked");
        PluginFiles.Write(app.PluginsFolder, $"{name}/real/run.sh", "#!/bin/sh\nexec sleep 600\n");
        Link(Path.Combine(app.PluginsFolder, name, "current"), Path.Combine(app.PluginsFolder, name, "real"));
        var admin = await AdminAsync();

        var created = await Plugins.CreateAsync(admin, Draft(name, $"{name}/current/run.sh", enabled: true));
        Assert.True(created.Succeeded, string.Join(" ", created.FieldErrors.Select(e => e.Message)));
        var id = created.Plugin!.Id;
        await Until.ValueAsync(async () => (await Plugins.GetAsync(admin, id)).Plugin!.Status, s => s.State == PluginState.Running, "running");

        // Someone repoints the link outside: the next start refuses it.
        var outside = Directory.CreateTempSubdirectory("notarial-outside-").FullName;
        PluginFiles.Write(outside, "run.sh", "#!/bin/sh\nexec sleep 600\n");
        File.Delete(Path.Combine(app.PluginsFolder, name, "current"));
        Link(Path.Combine(app.PluginsFolder, name, "current"), outside);
        await Plugins.RestartAsync(admin, id);

        var status = await Until.ValueAsync(async () => (await Plugins.GetAsync(admin, id)).Plugin!.Status, s => s.State == PluginState.Waiting, "the refused start");
        Assert.StartsWith("The path leads out of the plugins folder through a symbolic link", status.Problem, StringComparison.Ordinal);
        await Plugins.DeleteAsync(admin, id);
    }

    [Fact]
    public async Task Bad_input_is_refused_field_by_field()
    {
        var admin = await AdminAsync();
        var existing = Unique("taken");
        Assert.True((await Plugins.CreateAsync(admin, Draft(existing, "taken/run.sh"))).Succeeded);

        var result = await Plugins.CreateAsync(admin, new PluginDraft(existing, null, "ok/run.sh", null, ["openid", "read"], "staging", "OAUTH_CLIENT_SECRET"));

        Assert.Equal(AdminFailure.Invalid, result.Failure);
        Assert.Equal(
            [PluginFields.Scopes, PluginFields.Environment, PluginFields.PassVariables, PluginFields.Name],
            result.FieldErrors.Select(e => e.Field));
        Assert.Equal("OAUTH_CLIENT_SECRET is set by the portal for every plugin: remove it from the list.", result.FieldErrors[2].Message);
        Assert.Equal("“openid” is not a platform scope.", result.FieldErrors[0].Message);
    }

    public enum Actor
    {
        Developer,
        Support,
    }

    public static readonly Dictionary<string, Func<PluginService, StaffActor, Guid, Task<PluginResult>>> Operations = new()
    {
        ["register"] = (s, actor, _) => s.CreateAsync(actor, Draft(Unique("sneaky"), "sneaky/run.sh")),
        ["get"] = (s, actor, id) => s.GetAsync(actor, id),
        ["edit"] = (s, actor, id) => s.UpdateAsync(actor, id, Draft("Renamed", "sneaky/run.sh")),
        ["enable"] = (s, actor, id) => s.SetEnabledAsync(actor, id, true),
        ["disable"] = (s, actor, id) => s.SetEnabledAsync(actor, id, false),
        ["delete"] = (s, actor, id) => s.DeleteAsync(actor, id),
        ["start"] = (s, actor, id) => s.StartAsync(actor, id),
        ["stop"] = (s, actor, id) => s.StopAsync(actor, id),
        ["restart"] = (s, actor, id) => s.RestartAsync(actor, id),
    };

    public static TheoryData<string, Actor> Refusals()
    {
        var data = new TheoryData<string, Actor>();
        foreach (var operation in Operations.Keys)
        {
            data.Add(operation, Actor.Developer);
            data.Add(operation, Actor.Support);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Only_admins_manage_plugins_whatever_the_caller_reaches(string operation, Actor who)
    {
        var admin = await AdminAsync();
        var target = (await Plugins.CreateAsync(admin, Draft(Unique("target"), "target/run.sh"))).Plugin!;
        var user = await app.Given.DeveloperWithTwoFactorAsync(who == Actor.Support ? [PortalRoles.Support] : []);
        var actor = new StaffActor(user.Id, RequestOrigin.Unknown);

        var result = await Operations[operation](Plugins, actor, target.Id);

        Assert.Equal(AdminFailure.Forbidden, result.Failure);
        Assert.Null(await Plugins.ListAsync(actor));
        Assert.Null(await Plugins.LogAsync(actor, target.Id));
        var still = (await Plugins.GetAsync(admin, target.Id)).Plugin!;
        Assert.Equal(target.Name, still.Name);
        Assert.False(still.Enabled);
    }

    [Theory]
    [InlineData("developer", HttpStatusCode.Redirect)]
    [InlineData("support", HttpStatusCode.Redirect)]
    [InlineData("admin", HttpStatusCode.OK)]
    public async Task The_plugins_tab_opens_only_for_admins(string role, HttpStatusCode expected)
    {
        var admin = await AdminAsync();
        var plugin = (await Plugins.CreateAsync(admin, Draft(Unique("tab"), "tab/run.sh"))).Plugin!;
        var user = await app.Given.DeveloperWithTwoFactorAsync(role switch { "admin" => [PortalRoles.Admin], "support" => [PortalRoles.Support], _ => [] });
        var client = app.NewClient();
        await user.SignInAsync(client, app);

        foreach (var page in new[] { "admin/plugins", $"admin/plugins/{plugin.Id}" })
        {
            var response = await client.GetAsync(page);

            Assert.Equal(expected, response.StatusCode);
            if (expected == HttpStatusCode.Redirect)
            {
                Assert.StartsWith("account/access-denied", TwoFactorTestUser.PathOf(response.Headers.Location!), StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains(page == "admin/plugins" ? "Register plugin" : "Restarts", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Every_change_is_a_security_event_with_its_actor()
    {
        var admin = await AdminAsync();
        var name = Unique("audited");
        var id = (await Plugins.CreateAsync(admin, Draft(name, "audited/run.sh"))).Plugin!.Id;
        Assert.True((await Plugins.UpdateAsync(admin, id, new PluginDraft(name, "Now with a description", "audited/run.sh", "--verbose", ["read", "orders:read"], "test", "LANGUAGE"))).Succeeded);
        Assert.True((await Plugins.SetEnabledAsync(admin, id, true)).Succeeded);
        Assert.True((await Plugins.StopAsync(admin, id)).Succeeded);
        Assert.True((await Plugins.SetEnabledAsync(admin, id, false)).Succeeded);
        Assert.True((await Plugins.DeleteAsync(admin, id)).Succeeded);

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var events = await db.SecurityEvents.AsNoTracking().Where(e => e.TargetId == id.ToString() && e.ActorUserId == admin.UserId)
            .OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(
            [SecurityEventTypes.PluginCreated, SecurityEventTypes.PluginUpdated, SecurityEventTypes.PluginEnabled, SecurityEventTypes.PluginStopped,
             SecurityEventTypes.PluginDisabled, SecurityEventTypes.PluginDeleted],
            events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal("203.0.113.7", e.IpAddress));
        Assert.Equal($"'{name}' changed: description, arguments, scopes, variables", events[1].Details);
        Assert.Contains(SecurityEventTypes.PluginCreated, SecurityEventTypes.All);
    }

    [Fact]
    public async Task A_plugins_application_cannot_be_disabled_or_deleted_from_the_applications_tab_only_its_tokens_revoked()
    {
        var admin = await AdminAsync();
        var id = (await Plugins.CreateAsync(admin, Draft(Unique("owned"), "owned/run.sh"))).Plugin!.Id;
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var applicationId = (await db.Set<Plugin>().AsNoTracking().SingleAsync(p => p.Id == id)).ApplicationId;
        var actions = app.Services.GetRequiredService<AdminActions>();
        var reason = new AdminReason(AdminReason.Other, "plugin test");

        var disable = await actions.SetApplicationDisabledAsync(admin, applicationId, true, reason);
        var delete = await actions.DeleteApplicationAsync(admin, applicationId, reason);
        var revoke = await actions.RevokeApplicationTokensAsync(admin, applicationId, reason);

        Assert.False(disable.Succeeded);
        Assert.Contains("Plugins tab", disable.Message, StringComparison.Ordinal);
        Assert.False(delete.Succeeded);
        Assert.True(revoke.Succeeded, revoke.Message);
        Assert.True(await db.Set<Notarial.Portal.Features.OAuth.OAuthApplication>().AnyAsync(a => a.Id == applicationId));
    }

    [Fact]
    public async Task A_plugin_declared_in_configuration_is_listed_read_only_and_a_bad_declaration_is_skipped()
    {
        var admin = await AdminAsync();

        var plugins = await Until.ValueAsync(async () => (await Plugins.ListAsync(admin))!, l => l.Any(p => p.Declared), "the declared plugin");

        var declared = Assert.Single(plugins, p => p.Declared);
        Assert.Equal(PluginPortalApp.DeclaredName, declared.Name);
        Assert.Equal(["products:read"], declared.Scopes);
        Assert.Equal(["--once"], declared.Arguments);
        Assert.Equal("test", declared.Environment);
        Assert.True(declared.Enabled);
        Assert.DoesNotContain(plugins, p => p.Name == "Escaping");
        Assert.StartsWith($"“{PluginPortalApp.DeclaredName}” is declared in the portal's configuration",
            (await Plugins.UpdateAsync(admin, declared.Id, declared.ToDraft() with { Description = "changed" })).Message, StringComparison.Ordinal);
        Assert.Equal(AdminFailure.Invalid, (await Plugins.DeleteAsync(admin, declared.Id)).Failure);
        Assert.Equal(AdminFailure.Invalid, (await Plugins.SetEnabledAsync(admin, declared.Id, false)).Failure);
        var status = await Until.ValueAsync(async () => (await Plugins.GetAsync(admin, declared.Id)).Plugin!.Status, s => s.State == PluginState.Waiting, "the declared plugin's failed start");
        Assert.Equal($"“declared/run.sh” does not exist in the plugins folder ({app.PluginsFolder}).", status.Problem);
    }

    private static void Link(string path, string target)
    {
        if (!Path.Exists(path))
        {
            File.CreateSymbolicLink(path, target);
        }
    }
}
