using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Admin;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Tests.Features.OAuth;

namespace Notarial.Portal.Tests.Features.Admin;

/// <summary>The admin services: who may do what (checked on the server, whatever the pages show), and that every
/// revoking action takes effect on the next request, is recorded with actor and reason, and tells the owner.</summary>
[Collection(PortalCollection.Name)]
public sealed class AdminActionsTests(PortalApp app)
{
    private static readonly AdminReason Leaked = new(AdminReason.Leaked, "Found in a public gist, ticket 4711");

    private AdminActions Actions => app.Services.GetRequiredService<AdminActions>();

    private AdminDirectory Directory => app.Services.GetRequiredService<AdminDirectory>();

    private static StaffActor As(TwoFactorTestUser user) => new(user.Id, new RequestOrigin("203.0.113.9", "test"));

    private static StaffActor As(TestUser user) => new(user.Id, RequestOrigin.Unknown);

    public enum Actor
    {
        Developer,
        SupportWithout2fa,
        Support,
        Admin,
    }

    public enum Target
    {
        Developer,
        Admin,
    }

    /// <summary>Every action an actor may try on an account or something it owns.</summary>
    public static readonly Dictionary<string, Func<AdminActions, StaffActor, TestUser, PortalApp, Task<AdminResult>>> Operations = new()
    {
        ["lock"] = (a, actor, user, _) => a.LockUserAsync(actor, user.Id, Leaked),
        ["unlock"] = (a, actor, user, _) => a.UnlockUserAsync(actor, user.Id, Leaked),
        ["reset 2FA"] = (a, actor, user, _) => a.ResetTwoFactorAsync(actor, user.Id, Leaked),
        ["sign out"] = (a, actor, user, _) => a.SignOutEverywhereAsync(actor, user.Id, Leaked),
        ["revoke all credentials"] = (a, actor, user, _) => a.RevokeAllCredentialsAsync(actor, user.Id, Leaked),
        ["revoke connected apps"] = (a, actor, user, _) => a.RevokeUserGrantsAsync(actor, user.Id, Leaked),
        ["change roles"] = (a, actor, user, _) => a.SetRolesAsync(actor, user.Id, support: true, admin: false, Leaked),
        ["revoke key"] = async (a, actor, user, app) => await a.RevokeKeyAsync(actor, (await app.Given.ApiKeyAsync(user)).Id, Leaked),
        ["disable app"] = async (a, actor, user, app) => await a.SetApplicationDisabledAsync(actor, (await app.Given.MachineClientAsync(user, "orders:read")).ApplicationId, true, Leaked),
        ["revoke app tokens"] = async (a, actor, user, app) => await a.RevokeApplicationTokensAsync(actor, (await app.Given.MachineClientAsync(user, "orders:read")).ApplicationId, Leaked),
        ["delete app"] = async (a, actor, user, app) => await a.DeleteApplicationAsync(actor, (await app.Given.MachineClientAsync(user, "orders:read")).ApplicationId, Leaked),
    };

    public static TheoryData<string, Actor, Target, bool> Powers()
    {
        var data = new TheoryData<string, Actor, Target, bool>();
        foreach (var operation in Operations.Keys)
        {
            var adminOnly = operation == "change roles";
            data.Add(operation, Actor.Developer, Target.Developer, false);
            data.Add(operation, Actor.SupportWithout2fa, Target.Developer, false);
            data.Add(operation, Actor.Support, Target.Developer, !adminOnly);
            data.Add(operation, Actor.Support, Target.Admin, false);
            data.Add(operation, Actor.Admin, Target.Developer, true);
            data.Add(operation, Actor.Admin, Target.Admin, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Powers))]
    public async Task Staff_powers_are_checked_by_the_services(string operation, Actor actor, Target target, bool allowed)
    {
        var actingUser = actor switch
        {
            Actor.Developer => (await app.Given.DeveloperWithTwoFactorAsync()).User,
            Actor.SupportWithout2fa => await app.Given.DeveloperAsync(extraRoles: PortalRoles.Support),
            Actor.Support => (await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Support)).User,
            _ => (await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Admin)).User,
        };
        var targetUser = target == Target.Admin ? (await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Admin)).User : await app.Given.DeveloperAsync();

        var result = await Operations[operation](Actions, As(actingUser), targetUser, app);

        Assert.True(allowed == result.Succeeded, $"{actor} → {operation} on {target}: {result.Message}");
        if (!allowed)
        {
            Assert.Equal(AdminFailure.Forbidden, result.Failure);
        }
    }

    [Fact]
    public async Task Nobody_changes_their_own_roles()
    {
        var admin = await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Admin);

        var result = await Actions.SetRolesAsync(As(admin), admin.Id, support: false, admin: false, Leaked);

        Assert.Equal(AdminFailure.Forbidden, result.Failure);
    }

    [Fact]
    public async Task Every_revoking_action_needs_a_reason_from_the_list_and_words_for_other()
    {
        var support = await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Support);
        var key = await app.Given.ApiKeyAsync();

        Assert.Equal(AdminFailure.Invalid, (await Actions.RevokeKeyAsync(As(support), key.Id, new AdminReason("Because"))).Failure);
        Assert.Equal(AdminFailure.Invalid, (await Actions.RevokeKeyAsync(As(support), key.Id, new AdminReason(AdminReason.Other, " "))).Failure);
        Assert.True((await Actions.RevokeKeyAsync(As(support), key.Id, new AdminReason(AdminReason.Other, "Customer called"))).Succeeded);
    }

    [Fact]
    public async Task A_key_support_revokes_fails_on_the_next_call_and_the_owner_is_told_why()
    {
        var support = await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Support);
        var key = await app.Given.ApiKeyAsync(name: "Deploy bot");
        var client = app.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetWithKeyAsync("api/auth/test", key.Secret)).StatusCode);

        var result = await Actions.RevokeKeyAsync(As(support), key.Id, Leaked);

        Assert.True(result.Succeeded, result.Message);
        await (await client.GetWithKeyAsync("api/auth/test", key.Secret)).AssertErrorAsync(HttpStatusCode.Unauthorized, "revoked_api_key");
        var mail = app.SingleMail(key.Owner.Email, "Your API key “Deploy bot” was revoked");
        Assert.Contains("Found in a public gist, ticket 4711", mail.TextBody, StringComparison.Ordinal);

        var recorded = await EventsAsync(SecurityEventTypes.AdminApiKeyRevoked, key.Id.ToString());
        var entry = Assert.Single(recorded);
        Assert.Equal(support.Id, entry.ActorUserId);
        Assert.Equal(support.Email, entry.ActorEmail);
        Assert.Equal(key.Owner.Id, entry.SubjectUserId);
        Assert.Equal(Leaked.Text, entry.Reason);
        Assert.Equal("203.0.113.9", entry.IpAddress);
    }

    [Fact]
    public async Task Support_finds_a_key_from_its_leaked_plaintext_which_is_never_stored()
    {
        var support = await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Support);
        var key = await app.Given.ApiKeyAsync(name: "Leaky");

        var found = await Directory.FindKeyBySecretAsync(As(support), key.Secret);

        Assert.NotNull(found);
        Assert.Equal(key.Id, found.Id);
        Assert.Equal(key.Owner.Email, found.OwnerEmail);
        Assert.Null(await Directory.FindKeyBySecretAsync(As(support), key.Secret[..^1] + (key.Secret[^1] == 'a' ? 'b' : 'a')));
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.False(await db.SecurityEvents.AnyAsync(e => (e.Details ?? "").Contains(key.Secret) || (e.TargetId ?? "").Contains(key.Secret)));
        Assert.Single(await EventsAsync(SecurityEventTypes.AdminApiKeyFound, key.Id.ToString()));
    }

    [Fact]
    public async Task Searches_refuse_anyone_but_staff_with_2fa()
    {
        var developer = await app.Given.DeveloperWithTwoFactorAsync();
        var supportWithout2fa = await app.Given.DeveloperAsync(extraRoles: PortalRoles.Support);

        foreach (var actor in new[] { As(developer), As(supportWithout2fa) })
        {
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Directory.SearchUsersAsync(actor, new AdminQuery(null)));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Directory.SearchKeysAsync(actor, new AdminQuery(null)));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Directory.FindKeyBySecretAsync(actor, "notary_x"));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => app.Services.GetRequiredService<AuditLogReader>().SearchAsync(actor, new AuditFilter(), 0, 25));
        }
    }

    [Fact]
    public async Task Searches_find_users_apps_and_keys_by_the_start_of_what_support_is_told()
    {
        var support = await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Support);
        var owner = await app.Given.DeveloperAsync(email: $"zelda-{Guid.NewGuid():N}@example.test");
        var key = await app.Given.ApiKeyAsync(owner, name: "Zelda nightly export");
        var client = await app.Given.MachineClientAsync(owner, "orders:read");

        var users = await Directory.SearchUsersAsync(As(support), new AdminQuery(owner.Email[..12].ToUpperInvariant()));
        Assert.Contains(users.Items, u => u.Id == owner.Id);
        var byName = await Directory.SearchKeysAsync(As(support), new AdminQuery("Zelda nightly"));
        Assert.Contains(byName.Items, k => k.Id == key.Id);
        var byOwner = await Directory.SearchKeysAsync(As(support), new AdminQuery(owner.Email));
        Assert.Equal(key.Id, Assert.Single(byOwner.Items).Id);
        var hint = byOwner.Items[0].Hint;
        Assert.Contains((await Directory.SearchKeysAsync(As(support), new AdminQuery(hint[..10]))).Items, k => k.Id == key.Id);
        var apps = await Directory.SearchApplicationsAsync(As(support), new AdminQuery(client.ClientId));
        Assert.Equal(client.ApplicationId, Assert.Single(apps.Items).Id);
        Assert.Equal(owner.Email, apps.Items[0].OwnerEmail);
    }

    [Fact]
    public async Task A_disabled_application_tokens_stop_on_the_next_call_and_its_owner_is_told()
    {
        var support = await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Support);
        var owner = await app.Given.DeveloperAsync();
        var client = await app.Given.MachineClientAsync(owner, "orders:read");
        var token = (await app.ClientCredentialsAsync(client.ClientId, client.ClientSecret!)).AccessToken!;
        Assert.Equal(HttpStatusCode.OK, (await app.CallApiAsync(token)).Status);

        var result = await Actions.SetApplicationDisabledAsync(As(support), client.ApplicationId, true, new AdminReason(AdminReason.Abuse));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CallApiAsync(token)).Status);
        Assert.True((await app.ClientCredentialsAsync(client.ClientId, client.ClientSecret!)).IsError);
        Assert.Contains(AdminReason.Abuse, Assert.Single(app.To(owner.Email), m => m.Subject.Contains("was disabled", StringComparison.Ordinal)).TextBody, StringComparison.Ordinal);
        var entry = Assert.Single(await EventsAsync(SecurityEventTypes.AdminApplicationDisabled, client.ClientId));
        Assert.Equal((support.Id, AdminReason.Abuse, owner.Id), (entry.ActorUserId, entry.Reason, entry.SubjectUserId));
    }

    [Fact]
    public async Task Revoking_all_credentials_ends_every_key_and_token_of_the_account_at_once()
    {
        var admin = await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Admin);
        var owner = await app.Given.DeveloperAsync();
        var first = await app.Given.ApiKeyAsync(owner);
        var second = await app.Given.ApiKeyAsync(owner, scopes: "orders:read invoices:read");
        var machine = await app.Given.MachineClientAsync(owner, "orders:read");
        var token = (await app.ClientCredentialsAsync(machine.ClientId, machine.ClientSecret!)).AccessToken!;
        var http = app.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetWithKeyAsync("api/auth/test", first.Secret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CallApiAsync(token)).Status);

        var result = await Actions.RevokeAllCredentialsAsync(As(admin), owner.Id, new AdminReason(AdminReason.Compromised));

        Assert.True(result.Succeeded, result.Message);
        await (await http.GetWithKeyAsync("api/auth/test", first.Secret)).AssertErrorAsync(HttpStatusCode.Unauthorized, "revoked_api_key");
        await (await http.GetWithKeyAsync("api/auth/test", second.Secret)).AssertErrorAsync(HttpStatusCode.Unauthorized, "revoked_api_key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CallApiAsync(token)).Status);
        app.SingleMail(owner.Email, "Your API keys and tokens were revoked");
        Assert.Equal(AdminReason.Compromised, Assert.Single(await EventsAsync(SecurityEventTypes.AdminCredentialsRevoked, owner.Id)).Reason);
    }

    [Fact]
    public async Task A_locked_account_cannot_sign_in_until_unlocked()
    {
        var support = await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Support);
        var user = await app.Given.DeveloperAsync();

        Assert.True((await Actions.LockUserAsync(As(support), user.Id, new AdminReason(AdminReason.Compromised))).Succeeded);

        var refused = await app.NewClient().SubmitFormAsync("account/login", "login", new Dictionary<string, string> { ["Input.Email"] = user.Email, ["Input.Password"] = user.Password });
        Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
        app.SingleMail(user.Email, "Your account was locked");

        Assert.True((await Actions.UnlockUserAsync(As(support), user.Id, new AdminReason(AdminReason.OwnerRequest))).Succeeded);
        await app.NewClient().SignInAsync(user);
    }

    [Fact]
    public async Task A_2fa_reset_turns_it_off_changes_the_security_stamp_and_is_recorded()
    {
        var support = await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Support);
        var user = await app.Given.DeveloperWithTwoFactorAsync();
        string stampBefore;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            stampBefore = (await users.FindByIdAsync(user.Id))!.SecurityStamp!;
        }

        Assert.True((await Actions.ResetTwoFactorAsync(As(support), user.Id, new AdminReason(AdminReason.OwnerRequest, "Lost phone, identity checked by video call"))).Succeeded);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var after = (await users.FindByIdAsync(user.Id))!;
            Assert.False(after.TwoFactorEnabled);
            Assert.NotEqual(stampBefore, after.SecurityStamp);
        }

        await app.NewClient().SignInAsync(user.User);
        app.SingleMail(user.Email, "Your two-factor authentication was reset");
        Assert.Equal(support.Id, Assert.Single(await EventsAsync(SecurityEventTypes.AdminTwoFactorReset, user.Id)).ActorUserId);
    }

    [Fact]
    public async Task Revoking_a_grant_ends_the_apps_tokens_for_that_user_on_the_next_call()
    {
        var support = await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Support);
        var owner = await app.Given.DeveloperAsync();
        var machine = await app.Given.MachineClientAsync(owner, "orders:read");
        var token = (await app.ClientCredentialsAsync(machine.ClientId, machine.ClientSecret!)).AccessToken!;
        Assert.Equal(HttpStatusCode.OK, (await app.CallApiAsync(token)).Status);

        var result = await Actions.RevokeApplicationTokensAsync(As(support), machine.ApplicationId, new AdminReason(AdminReason.Abuse));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CallApiAsync(token)).Status);
        Assert.Single(await EventsAsync(SecurityEventTypes.AdminApplicationTokensRevoked, machine.ClientId));
    }

    [Fact]
    public async Task The_audit_log_filters_by_actor_and_type_and_exports_csv()
    {
        var support = await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Support);
        var key = await app.Given.ApiKeyAsync(name: "=cmd|' /C calc'!A0");
        await Actions.RevokeKeyAsync(As(support), key.Id, Leaked);
        var audit = app.Services.GetRequiredService<AuditLogReader>();

        var page = await audit.SearchAsync(As(support), new AuditFilter(Type: "admin.", Actor: support.Email), 0, 25);

        var row = Assert.Single(page.Items, r => r.Type == SecurityEventTypes.AdminApiKeyRevoked);
        Assert.Equal(Leaked.Text, row.Reason);
        Assert.Equal(key.Owner.Email, row.SubjectEmail);
        Assert.All(page.Items, r => Assert.Equal(support.Id, r.ActorUserId));

        var staffClient = app.NewClient();
        await support.SignInAsync(staffClient, app);
        var csv = await staffClient.GetAsync($"{AdminPaths.AuditExport}?actor={Uri.EscapeDataString(support.Email)}&type=admin.api_key_revoked");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("time_utc,type,", lines[0], StringComparison.Ordinal);
        var line = Assert.Single(lines.Skip(1));
        Assert.Contains("admin.api_key_revoked", line, StringComparison.Ordinal);
        Assert.Contains("\"Credential leaked or exposed: Found in a public gist, ticket 4711\"", line, StringComparison.Ordinal);

        // A cell a spreadsheet would run as a formula is defused.
        Assert.Contains(",'=cmd", line, StringComparison.Ordinal);
    }

    private async Task<List<SecurityEvent>> EventsAsync(string type, string targetId)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.SecurityEvents.AsNoTracking().Where(e => e.Type == type && e.TargetId == targetId).ToListAsync();
    }
}
