using System.Net;
using System.Text.Json;
using Duende.IdentityModel.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Admin;
using Notarial.Portal.Features.Plugins;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Tests.Features.OAuth;

namespace Notarial.Portal.Tests.Features.Plugins;

/// <summary>
/// The supervisor against a real Kestrel server and real processes in the plugins folder: what a plugin receives, what
/// its calls look like to the platform, secret rotation, disable and delete, crashes with a backoff on the clock,
/// output that is redacted and bounded, and stopping a plugin that ignores SIGTERM.
/// </summary>
[Collection(PluginCollection.Name)]
public sealed class PluginSupervisorTests(PluginPortalApp app)
{
    private PluginService Plugins => app.Services.GetRequiredService<PluginService>();

    private PluginSupervisor Supervisor => app.Services.GetRequiredService<PluginSupervisor>();

    private async Task<StaffActor> AdminAsync() =>
        new((await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Admin)).Id, new RequestOrigin("203.0.113.7", "plugin tests"));

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    private async Task<(PluginView Plugin, string Output)> RegisterProbeAsync(StaffActor admin, string? mode = null, string scopes = "read",
        string? passVariables = null)
    {
        var name = Unique("probe");
        PluginFiles.WriteProbe(app.PluginsFolder, $"{name}/probe.js");
        var output = Path.Combine(app.DataDirectory, name + ".jsonl");
        var result = await Plugins.CreateAsync(admin, new PluginDraft(name, "Records what it sees", $"{name}/probe.js",
            mode is null ? output : output + "\n" + mode, scopes.Split(' '), "live", passVariables));
        Assert.True(result.Succeeded, result.Message + string.Join(" ", result.FieldErrors.Select(e => e.Message)));
        return (result.Plugin!, output);
    }

    private Task<IReadOnlyList<ProbeRecord>> RecordsAsync(string output, int count) =>
        Until.ThatAsync(() => PluginFiles.ReadProbe(output), r => r.Count >= count, $"{count} probe record(s) in {output}");

    private Task<PluginStatus> StatusAsync(Guid id, Func<PluginStatus, bool> done, string what) =>
        Until.ValueAsync(async () => (await Plugins.GetAsync(new StaffActor(await AdminIdAsync(), RequestOrigin.Unknown), id)).Plugin!.Status, done, what);

    private string? _adminId;

    private async Task<string> AdminIdAsync() => _adminId ??= (await AdminAsync()).UserId;

    [Fact]
    public async Task A_plugin_gets_its_three_variables_a_token_and_its_query_call_is_audited_under_its_client()
    {
        var admin = await AdminAsync();
        var (plugin, output) = await RegisterProbeAsync(admin);

        var record = (await RecordsAsync(output, 1))[0];

        Assert.Equal(plugin.ClientId, record.Env["OAUTH_CLIENT_ID"]);
        Assert.Equal(app.BaseAddress.ToString().TrimEnd('/'), record.Env["API_BASE_URL"]);
        Assert.Equal(43, record.Secret.Length);
        Assert.Equal(200, record.TokenStatus);
        Assert.True(record.QueryStatus == 200, record.QueryBody);
        Assert.Contains("\"products\"", record.QueryBody, StringComparison.Ordinal);

        // The platform saw the call as the plugin's client, for the system account.
        var row = await Until.ValueAsync(async () =>
        {
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            return await db.AuditLog.AsNoTracking().FirstOrDefaultAsync(a => a.ClientId == plugin.ClientId && a.Path == "/api/query");
        }, r => r is not null, "the audit row of the plugin's query");
        Assert.Equal(200, row!.Status);
        Assert.Equal("system", row.AccountId);

        // Its application: a confidential client-credentials plugin client, owned by no developer, with exactly its scopes.
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var application = await db.Set<Notarial.Portal.Features.OAuth.OAuthApplication>().AsNoTracking().SingleAsync(a => a.ClientId == plugin.ClientId);
            Assert.Equal(Notarial.Portal.Features.OAuth.ApplicationKind.Plugin, application.Kind);
            Assert.Null(application.OwnerId);
            Assert.Equal("confidential", application.ClientType);
            Assert.Equal(plugin.Name, application.DisplayName);
            var permissions = JsonSerializer.Deserialize<string[]>(application.Permissions!)!;
            Assert.Contains("gt:client_credentials", permissions);
            Assert.DoesNotContain("gt:authorization_code", permissions);
            Assert.Equal(["scp:read"], permissions.Where(p => p.StartsWith("scp:", StringComparison.Ordinal)));
        }

        // Asking for more than its scopes is refused.
        var beyond = await app.ClientCredentialsAsync(plugin.ClientId, record.Secret, "write");
        Assert.Equal("invalid_scope", beyond.Error);

        var status = await StatusAsync(plugin.Id, s => s.State == PluginState.Running, "running");
        Assert.NotNull(status.RunningSince);
        Assert.Equal(record.Pid, status.ProcessId);
    }

    [Fact]
    public async Task The_plugin_sees_no_variable_of_the_portal_beyond_path_home_lang_and_those_listed()
    {
        Environment.SetEnvironmentVariable("NOTARIAL_TEST_PORTAL_SECRET", "must-not-leak");
        Environment.SetEnvironmentVariable("NOTARIAL_TEST_PLUGIN_SETTING", "listed-by-the-admin");
        var admin = await AdminAsync();
        var (_, output) = await RegisterProbeAsync(admin, passVariables: "NOTARIAL_TEST_PLUGIN_SETTING");

        var env = (await RecordsAsync(output, 1))[0].Env;

        string[] allowed = ["OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET", "API_BASE_URL", "PATH", "HOME", "LANG", "NOTARIAL_TEST_PLUGIN_SETTING"];
        Assert.Empty(env.Keys.Except(allowed));
        Assert.Equal("listed-by-the-admin", env["NOTARIAL_TEST_PLUGIN_SETTING"]);
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), env["PATH"]);
        Assert.DoesNotContain(env.Values, v => v.Contains("must-not-leak", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restart_rotates_the_secret_and_the_old_secret_and_its_tokens_stop_working()
    {
        var admin = await AdminAsync();
        var (plugin, output) = await RegisterProbeAsync(admin);
        var first = (await RecordsAsync(output, 1))[0];
        var oldToken = await app.ClientCredentialsAsync(plugin.ClientId, first.Secret, "read");
        Assert.False(oldToken.IsError, oldToken.Error);
        Assert.Equal(HttpStatusCode.OK, (await app.CallApiAsync(oldToken.AccessToken)).Status);

        var restarted = await Plugins.RestartAsync(admin, plugin.Id);
        Assert.True(restarted.Succeeded, restarted.Message);
        var second = (await RecordsAsync(output, 2))[1];

        Assert.NotEqual(first.Pid, second.Pid);
        Assert.NotEqual(first.Secret, second.Secret);
        Assert.Equal(200, second.TokenStatus);
        Assert.Equal("invalid_client", (await app.ClientCredentialsAsync(plugin.ClientId, first.Secret, "read", style: ClientCredentialStyle.PostBody)).Error);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CallApiAsync(oldToken.AccessToken)).Status);
        var status = await StatusAsync(plugin.Id, s => s.State == PluginState.Running && s.ProcessId == second.Pid, "the new process running");
        Assert.Equal(1, status.RestartCount);

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var events = await db.SecurityEvents.AsNoTracking().Where(e => e.TargetId == plugin.Id.ToString()).Select(e => new { e.Type, e.ActorUserId }).ToListAsync();
        Assert.Contains(events, e => e.Type == SecurityEventTypes.PluginRestarted && e.ActorUserId == admin.UserId);
        Assert.Equal(2, events.Count(e => e.Type == SecurityEventTypes.PluginSecretRotated));
    }

    [Fact]
    public async Task Disabling_stops_the_process_and_revokes_the_client_and_its_tokens_and_enabling_starts_it_again()
    {
        var admin = await AdminAsync();
        var (plugin, output) = await RegisterProbeAsync(admin);
        var record = (await RecordsAsync(output, 1))[0];
        var token = await app.ClientCredentialsAsync(plugin.ClientId, record.Secret, "read");
        Assert.False(token.IsError, token.Error);

        var disabled = await Plugins.SetEnabledAsync(admin, plugin.Id, false);

        Assert.True(disabled.Succeeded, disabled.Message);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CallApiAsync(token.AccessToken)).Status);
        Assert.Equal("invalid_client", (await app.ClientCredentialsAsync(plugin.ClientId, record.Secret, "read", style: ClientCredentialStyle.PostBody)).Error);
        await StatusAsync(plugin.Id, s => s.State == PluginState.Disabled, "disabled");
        await Until.ThatAsync(() => ProcessAlive(record.Pid), alive => !alive, $"process {record.Pid} to end");

        var enabled = await Plugins.SetEnabledAsync(admin, plugin.Id, true);
        Assert.True(enabled.Succeeded, enabled.Message);
        var again = (await RecordsAsync(output, 2))[1];
        Assert.Equal(200, again.TokenStatus);
        Assert.Equal(200, again.QueryStatus);
    }

    [Fact]
    public async Task Deleting_stops_the_process_and_deletes_its_application()
    {
        var admin = await AdminAsync();
        var (plugin, output) = await RegisterProbeAsync(admin);
        var record = (await RecordsAsync(output, 1))[0];
        var token = await app.ClientCredentialsAsync(plugin.ClientId, record.Secret, "read");

        var deleted = await Plugins.DeleteAsync(admin, plugin.Id);

        Assert.True(deleted.Succeeded, deleted.Message);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CallApiAsync(token.AccessToken)).Status);
        Assert.Equal("invalid_client", (await app.ClientCredentialsAsync(plugin.ClientId, record.Secret, "read", style: ClientCredentialStyle.PostBody)).Error);
        await Until.ThatAsync(() => ProcessAlive(record.Pid), alive => !alive, $"process {record.Pid} to end");
        Assert.Equal(AdminFailure.NotFound, (await Plugins.GetAsync(admin, plugin.Id)).Failure);
    }

    [Fact]
    public async Task A_plugin_that_exits_is_restarted_after_a_backoff_that_doubles_on_the_clock()
    {
        var admin = await AdminAsync();
        var name = Unique("crash");
        PluginFiles.WriteExitAtOnce(app.PluginsFolder, $"{name}/run.sh");
        var plugin = (await Plugins.CreateAsync(admin, new PluginDraft(name, null, $"{name}/run.sh", null, ["read"], "test", null))).Plugin!;

        var first = await StatusAsync(plugin.Id, s => s.State == PluginState.Waiting, "the first exit");
        Assert.Equal(3, first.LastExitCode);
        Assert.Equal(0, first.RestartCount);
        Assert.Equal(PluginPortalApp.Backoff, first.NextStartAt - first.LastExitAt);
        Assert.Contains("Exited with code 3", first.Problem, StringComparison.Ordinal);

        // Nothing happens until the clock reaches the next start.
        app.Clock.Advance(PluginPortalApp.Backoff);
        var second = await StatusAsync(plugin.Id, s => s.RestartCount == 1 && s.State == PluginState.Waiting, "the second exit");
        Assert.Equal(2 * PluginPortalApp.Backoff, second.NextStartAt - second.LastExitAt);

        app.Clock.Advance(2 * PluginPortalApp.Backoff);
        var third = await StatusAsync(plugin.Id, s => s.RestartCount == 2 && s.State == PluginState.Waiting, "the third exit");
        Assert.Equal(4 * PluginPortalApp.Backoff, third.NextStartAt - third.LastExitAt);

        // What it wrote is in the log, its secret redacted.
        var log = await Plugins.LogAsync(admin, plugin.Id);
        Assert.Contains(log!, l => l.Stream == "out" && l.Text == "starting with client_secret=[redacted]");
        Assert.Contains(log!, l => l.Stream == "err" && l.Text == "giving up");
        Assert.Contains(log!, l => l.Stream == "supervisor" && l.Text.StartsWith("Exited with code 3", StringComparison.Ordinal));

        // An admin's start does not wait for the backoff.
        await Plugins.StartAsync(admin, plugin.Id);
        await StatusAsync(plugin.Id, s => s.RestartCount == 3, "the start by the admin");
        await Plugins.SetEnabledAsync(admin, plugin.Id, false);
    }

    [Fact]
    public async Task Output_is_kept_to_the_last_500_short_lines_with_tokens_and_secrets_redacted()
    {
        var admin = await AdminAsync();
        var (plugin, output) = await RegisterProbeAsync(admin);
        var record = (await RecordsAsync(output, 1))[0];
        var probeLog = await Until.ValueAsync(async () => (await Plugins.LogAsync(admin, plugin.Id))!, l => l.Any(x => x.Text.StartsWith("probe ", StringComparison.Ordinal)), "the probe's output");
        Assert.Contains(probeLog, l => l.Text == "got access_token=[redacted]");
        Assert.Contains(probeLog, l => l.Text == "using secret [redacted]");
        Assert.DoesNotContain(probeLog, l => l.Text.Contains(record.Secret, StringComparison.Ordinal) || l.Text.Contains("eyJ", StringComparison.Ordinal));

        var name = Unique("flood");
        PluginFiles.WriteFlood(app.PluginsFolder, $"{name}/run.sh");
        var flood = (await Plugins.CreateAsync(admin, new PluginDraft(name, null, $"{name}/run.sh", null, ["read"], "test", null))).Plugin!;
        var lines = await Until.ValueAsync(async () => (await Plugins.LogAsync(admin, flood.Id))!, l => l.Any(x => x.Text == "20000"), "the flood's last line");

        Assert.Equal(PluginLog.Capacity, lines.Count);
        Assert.Equal("19501", lines[0].Text);
        Assert.Equal(PluginState.Running, (await StatusAsync(flood.Id, s => s.State == PluginState.Running, "running")).State);
        await Plugins.DeleteAsync(admin, flood.Id);
    }

    [Fact]
    public async Task A_plugin_that_ignores_sigterm_is_killed_after_the_timeout_and_stays_stopped()
    {
        var admin = await AdminAsync();
        var (plugin, output) = await RegisterProbeAsync(admin, mode: "ignore-term");
        var record = (await RecordsAsync(output, 1))[0];

        var stopped = await Plugins.StopAsync(admin, plugin.Id);

        Assert.True(stopped.Succeeded, stopped.Message);
        await StatusAsync(plugin.Id, s => s.State == PluginState.Stopped, "stopped");
        Assert.False(ProcessAlive(record.Pid));
        var log = await Plugins.LogAsync(admin, plugin.Id);
        Assert.Contains(log!, l => l.Text == "ignoring SIGTERM");
        Assert.Contains(log!, l => l.Stream == "supervisor" && l.Text.StartsWith("Killed after 1 s without exiting on SIGTERM", StringComparison.Ordinal));
        Assert.Single(PluginFiles.ReadProbe(output));
    }

    [Fact]
    public async Task A_missing_or_non_executable_file_ends_in_a_clear_status_and_a_retry()
    {
        var admin = await AdminAsync();
        var name = Unique("missing");
        var plugin = (await Plugins.CreateAsync(admin, new PluginDraft(name, null, $"{name}/run.sh", null, ["read"], "test", null))).Plugin!;
        var missing = await StatusAsync(plugin.Id, s => s.State == PluginState.Waiting, "the failed start");
        Assert.Equal($"“{name}/run.sh” does not exist in the plugins folder ({app.PluginsFolder}).", missing.Problem);

        var path = PluginFiles.Write(app.PluginsFolder, $"{name}/run.sh", "#!/bin/sh\nexec sleep 600\n");
        PluginFiles.SetExecutable(path, false);
        await Plugins.StartAsync(admin, plugin.Id);
        var notExecutable = await StatusAsync(plugin.Id, s => s.Problem?.Contains("is not executable", StringComparison.Ordinal) == true, "the second failed start");
        Assert.Equal(PluginState.Waiting, notExecutable.State);

        PluginFiles.SetExecutable(path, true);
        await Plugins.StartAsync(admin, plugin.Id);
        await StatusAsync(plugin.Id, s => s.State == PluginState.Running, "running");
        await Plugins.DeleteAsync(admin, plugin.Id);
    }

    [Fact]
    public async Task Every_plugin_is_stopped_when_the_portal_stops()
    {
        var portal = new PluginPortalApp();
        await portal.InitializeAsync();
        int pid;
        try
        {
            var admin = new StaffActor((await portal.Given.DeveloperWithTwoFactorAsync(PortalRoles.Admin)).Id, RequestOrigin.Unknown);
            PluginFiles.WriteProbe(portal.PluginsFolder, "stubborn/probe.js");
            var output = Path.Combine(portal.DataDirectory, "stubborn.jsonl");
            var created = await portal.Services.GetRequiredService<PluginService>().CreateAsync(admin,
                new PluginDraft("Stubborn", null, "stubborn/probe.js", output + "\nignore-term", ["read"], "live", null));
            Assert.True(created.Succeeded, created.Message);
            pid = (await Until.ThatAsync(() => PluginFiles.ReadProbe(output), r => r.Count >= 1, "the probe's start"))[0].Pid;
            Assert.True(ProcessAlive(pid));
        }
        finally
        {
            await portal.DisposeAsync();
        }

        // Even one that ignores SIGTERM: it was killed after the timeout, not left behind.
        Assert.False(ProcessAlive(pid));
    }

    private static bool ProcessAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
