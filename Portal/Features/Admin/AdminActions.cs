using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.ApiKeys;
using Notarial.Portal.Features.Caching;
using Notarial.Portal.Features.OAuth;
using Notarial.Portal.Features.OAuth.Keys;
using Notarial.Portal.Features.OAuth.Revocation;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Features.TwoFactor;
using OpenIddict.Abstractions;

namespace Notarial.Portal.Features.Admin;

/// <summary>
/// What support staff and admins do to other people's accounts and credentials. Every operation reads the actor's
/// powers from the database first (support or admin, 2FA on), refuses support acting on an admin or on what an admin
/// owns, takes a reason, records a security event with actor and reason, takes effect on the next request (caches are
/// told through the invalidation bus, tokens through the revocation list), and mails the owner. No operation creates a
/// credential or reveals a secret.
/// </summary>
public sealed partial class AdminActions(
    IServiceScopeFactory scopes,
    IDbContextFactory<PortalDbContext> contexts,
    SecurityEventLog events,
    IInvalidationBus bus,
    TokenRevocationList revocations,
    AccountTokenRevocation accountTokens,
    TwoFactorStore twoFactor,
    AdminMails mails,
    SigningKeyRing signingKeys,
    TimeProvider time,
    ILogger<AdminActions> logger)
{
    private static readonly TimeSpan LockFor = TimeSpan.FromDays(365 * 100);

    // ---- Users ----

    /// <summary>Locks an account until unlocked: no sign-in, open sessions end, OAuth tokens for it stop. Its API keys keep working.</summary>
    public Task<AdminResult> LockUserAsync(StaffActor actor, string userId, AdminReason reason, CancellationToken cancellationToken = default) =>
        OnUserAsync(actor, userId, reason, cancellationToken, async (users, user) =>
        {
            await users.SetLockoutEnabledAsync(user, true);
            await users.SetLockoutEndDateAsync(user, time.GetUtcNow() + LockFor);
            await users.UpdateSecurityStampAsync(user);
            await RevokeUserTokensAsync(user.Id, cancellationToken);
            return new UserOutcome(SecurityEventTypes.AdminUserLocked, $"{user.Email} locked", "Your account was locked",
                "Your Notarial Developer Portal account was locked", "You cannot sign in until support unlocks it; you were signed out everywhere and tokens issued for you stopped working.");
        });

    public Task<AdminResult> UnlockUserAsync(StaffActor actor, string userId, AdminReason reason, CancellationToken cancellationToken = default) =>
        OnUserAsync(actor, userId, reason, cancellationToken, async (users, user) =>
        {
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            return new UserOutcome(SecurityEventTypes.AdminUserUnlocked, $"{user.Email} unlocked", "Your account was unlocked",
                "Your Notarial Developer Portal account was unlocked", "You can sign in again.");
        });

    /// <summary>Turns 2FA off and forgets the authenticator and recovery codes; the person sets it up again (staff must).</summary>
    public Task<AdminResult> ResetTwoFactorAsync(StaffActor actor, string userId, AdminReason reason, CancellationToken cancellationToken = default) =>
        OnUserAsync(actor, userId, reason, cancellationToken, async (users, user) =>
        {
            await users.SetTwoFactorEnabledAsync(user, false);
            await twoFactor.RemoveAsync(user.Id, cancellationToken);
            await users.UpdateSecurityStampAsync(user);
            return new UserOutcome(SecurityEventTypes.AdminTwoFactorReset, $"two-factor authentication of {user.Email} reset", "Your two-factor authentication was reset",
                "Two-factor authentication of your Notarial Developer Portal account was reset",
                "Your authenticator app and recovery codes no longer work, and you were signed out. Sign in with your password and set up two-factor authentication again.");
        });

    /// <summary>Ends every session of the account (within a minute for open pages) by changing its security stamp.</summary>
    public Task<AdminResult> SignOutEverywhereAsync(StaffActor actor, string userId, AdminReason reason, CancellationToken cancellationToken = default) =>
        OnUserAsync(actor, userId, reason, cancellationToken, async (users, user) =>
        {
            await users.UpdateSecurityStampAsync(user);
            return new UserOutcome(SecurityEventTypes.AdminSignedOut, $"{user.Email} signed out everywhere", "You were signed out everywhere",
                "Every session of your Notarial Developer Portal account was ended", "Sign in again to continue.");
        });

    /// <summary>Revokes every API key of the account and every OAuth token issued for it or to its applications.</summary>
    public Task<AdminResult> RevokeAllCredentialsAsync(StaffActor actor, string userId, AdminReason reason, CancellationToken cancellationToken = default) =>
        OnUserAsync(actor, userId, reason, cancellationToken, async (users, user) =>
        {
            var now = time.GetUtcNow();
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var keys = await db.ApiKeys.Where(k => k.OwnerId == user.Id && k.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now).SetProperty(k => k.RevokedBy, actor.UserId).SetProperty(k => k.RevokedReason, Truncate(reason.Text, ApiKeyRules.MaxReasonLength)), cancellationToken);

            // Every cached key of the owner is dropped at once, on every instance.
            await bus.PublishAsync(new InvalidationMessage(ApiKeyCache.UserTopic, user.Id), cancellationToken);
            await RevokeUserTokensAsync(user.Id, cancellationToken);
            return new UserOutcome(SecurityEventTypes.AdminCredentialsRevoked, $"{keys} API key(s) and every token of {user.Email} revoked", "Your API keys and tokens were revoked",
                $"All API keys ({keys}) and OAuth tokens of your Notarial Developer Portal account were revoked",
                "Requests with them now fail. Create new keys in the portal once the cause is fixed; applications get new tokens by signing in again.",
                $"{keys} API key(s) revoked; OAuth tokens of the account and of its applications revoked");
        });

    /// <summary>Gives or takes the Support and Admin roles (admins only, never on themselves). The person is signed out so
    /// the new roles apply at once.</summary>
    public Task<AdminResult> SetRolesAsync(StaffActor actor, string userId, bool support, bool admin, AdminReason reason, CancellationToken cancellationToken = default) =>
        OnUserAsync(actor, userId, reason, cancellationToken, async (users, user) =>
        {
            var before = await users.GetRolesAsync(user);
            var wanted = new List<string> { PortalRoles.Developer };
            if (support)
            {
                wanted.Add(PortalRoles.Support);
            }

            if (admin)
            {
                wanted.Add(PortalRoles.Admin);
            }

            var remove = before.Where(r => !wanted.Contains(r)).ToList();
            var add = wanted.Where(r => !before.Contains(r)).ToList();
            if (remove.Count == 0 && add.Count == 0)
            {
                return null;
            }

            await users.RemoveFromRolesAsync(user, remove);
            await users.AddToRolesAsync(user, add);
            await users.UpdateSecurityStampAsync(user);
            var roles = string.Join(", ", wanted);
            return new UserOutcome(SecurityEventTypes.AdminRolesChanged, $"roles of {user.Email} are now {roles}", "Your roles changed",
                $"The roles of your Notarial Developer Portal account are now: {roles}", "You were signed out so the change applies; sign in again.",
                $"roles {string.Join(", ", before.Order())} → {roles}");
        }, adminOnly: "Only administrators change roles.", notOnSelf: "You cannot change your own roles: ask another administrator.");

    // ---- API keys ----

    /// <summary>Revokes a key at once, on every instance.</summary>
    public async Task<AdminResult> RevokeKeyAsync(StaffActor actor, Guid keyId, AdminReason reason, CancellationToken cancellationToken = default)
    {
        if (reason.Problem() is { } problem)
        {
            return AdminResult.Invalid(problem);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await StaffPowersReader.ReadAsync(db, actor, cancellationToken) is not { } powers)
        {
            return NotStaff;
        }

        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId, cancellationToken);
        if (key is null)
        {
            return AdminResult.NotFound("The key");
        }

        if (powers.IsSupportOnly && await StaffPowersReader.IsAdminAsync(db, key.OwnerId, cancellationToken))
        {
            return OwnedByAdmin;
        }

        if (key.RevokedAt is not null)
        {
            return AdminResult.Invalid($"“{key.Name}” was already revoked.");
        }

        key.RevokedAt = time.GetUtcNow();
        key.RevokedBy = powers.UserId;
        key.RevokedReason = Truncate(reason.Text, ApiKeyRules.MaxReasonLength);
        events.Add(db, new SecurityEventEntry(SecurityEventTypes.AdminApiKeyRevoked, powers.UserId, powers.Email, key.OwnerId, "api_key", key.Id.ToString(),
            reason.Text, $"{key.Name} ({key.Hint})", actor.Origin));
        await db.SaveChangesAsync(cancellationToken);
        await bus.PublishAsync(new InvalidationMessage(ApiKeyCache.Topic, key.Id.ToString()), cancellationToken);
        LogAction("api_key.revoke", key.Id.ToString(), powers.UserId);

        if (await EmailOfAsync(db, key.OwnerId, cancellationToken) is { } email)
        {
            await mails.SendActionAsync(email, $"Your API key “{key.Name}” was revoked", $"Your API key “{key.Name}” ({key.Hint}) was revoked",
                "Requests with it now fail. If you still need access, create a new key in the portal and keep it out of code and logs.", reason.Text);
        }

        return AdminResult.Done($"“{key.Name}” ({key.Hint}) is revoked. Requests with it now fail.");
    }

    // ---- Applications ----

    /// <summary>Disables an application (no new tokens, its tokens stop at once) or enables it again.</summary>
    public Task<AdminResult> SetApplicationDisabledAsync(StaffActor actor, string applicationId, bool disabled, AdminReason reason, CancellationToken cancellationToken = default) =>
        OnApplicationAsync(actor, applicationId, reason, cancellationToken, refusePlugins: true, async (scope, application) =>
        {
            if (application.Disabled == disabled)
            {
                return null;
            }

            application.Disabled = disabled;
            application.UpdatedAt = time.GetUtcNow();
            await Manager(scope).UpdateAsync(application, cancellationToken);
            if (disabled)
            {
                await revocations.RevokeClientAsync(application.ClientId!, cancellationToken);
            }

            return disabled
                ? new AppOutcome(SecurityEventTypes.AdminApplicationDisabled, "disabled", "was disabled", "It gets no new tokens and the tokens it holds stopped working. Contact support to have it enabled again.")
                : new AppOutcome(SecurityEventTypes.AdminApplicationEnabled, "enabled again", "was enabled again", "It can get tokens again.");
        });

    /// <summary>Ends every grant of an application and every token it holds; it keeps its registration and secret.</summary>
    public Task<AdminResult> RevokeApplicationTokensAsync(StaffActor actor, string applicationId, AdminReason reason, CancellationToken cancellationToken = default) =>
        OnApplicationAsync(actor, applicationId, reason, cancellationToken, refusePlugins: false, async (scope, application) =>
        {
            var grants = await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().RevokeByApplicationIdAsync(application.Id!, cancellationToken);
            var tokens = await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().RevokeByApplicationIdAsync(application.Id!, cancellationToken);
            await revocations.RevokeClientAsync(application.ClientId!, cancellationToken);
            return new AppOutcome(SecurityEventTypes.AdminApplicationTokensRevoked, "had every grant and token revoked", "had every grant and token revoked",
                "Its users must sign in and consent again; its tokens stopped working.", $"{grants} grant(s), {tokens} token(s)");
        });

    /// <summary>Deletes an application with its grants; its tokens stop at once.</summary>
    public Task<AdminResult> DeleteApplicationAsync(StaffActor actor, string applicationId, AdminReason reason, CancellationToken cancellationToken = default) =>
        OnApplicationAsync(actor, applicationId, reason, cancellationToken, refusePlugins: true, async (scope, application) =>
        {
            await Manager(scope).DeleteAsync(application, cancellationToken);
            await revocations.RevokeClientAsync(application.ClientId!, cancellationToken);
            return new AppOutcome(SecurityEventTypes.AdminApplicationDeleted, "deleted", "was deleted", "Its client id, secret, grants and tokens no longer work.");
        });

    // ---- Grants ----

    /// <summary>Ends one grant (a user's consent to an application) and every token of it.</summary>
    public async Task<AdminResult> RevokeGrantAsync(StaffActor actor, string authorizationId, AdminReason reason, CancellationToken cancellationToken = default)
    {
        if (reason.Problem() is { } problem)
        {
            return AdminResult.Invalid(problem);
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (await StaffPowersReader.ReadAsync(db, actor, cancellationToken) is not { } powers)
        {
            return NotStaff;
        }

        var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
        if (await authorizations.FindByIdAsync(authorizationId, cancellationToken) is not OAuthAuthorization grant)
        {
            return AdminResult.NotFound("The grant");
        }

        var application = await db.Set<OAuthApplication>().AsNoTracking().Where(a => a.Authorizations.Any(z => z.Id == authorizationId))
            .Select(a => new { a.DisplayName, a.ClientId, a.OwnerId }).FirstOrDefaultAsync(cancellationToken);
        if (powers.IsSupportOnly && (await StaffPowersReader.IsAdminAsync(db, grant.Subject, cancellationToken) || await StaffPowersReader.IsAdminAsync(db, application?.OwnerId, cancellationToken)))
        {
            return OwnedByAdmin;
        }

        await authorizations.TryRevokeAsync(grant, cancellationToken);
        await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().RevokeByAuthorizationIdAsync(authorizationId, cancellationToken);
        var name = application?.DisplayName ?? application?.ClientId ?? "an application";
        await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.AdminGrantRevoked, powers.UserId, powers.Email, grant.Subject, "authorization", authorizationId,
            reason.Text, $"access of '{name}' ({application?.ClientId})", actor.Origin), cancellationToken);
        LogAction("grant.revoke", authorizationId, powers.UserId);
        if (await EmailOfAsync(db, grant.Subject, cancellationToken) is { } email)
        {
            await mails.SendActionAsync(email, $"“{name}” can no longer use your account", $"The access you gave “{name}” to your account was revoked",
                "It can no longer act for you. If you trust it, you can connect it again the next time it asks.", reason.Text);
        }

        return AdminResult.Done($"The grant to “{name}” is revoked; its tokens stopped working.");
    }

    /// <summary>Ends every grant a user gave to applications, and every token issued for them.</summary>
    public Task<AdminResult> RevokeUserGrantsAsync(StaffActor actor, string userId, AdminReason reason, CancellationToken cancellationToken = default) =>
        OnUserAsync(actor, userId, reason, cancellationToken, async (users, user) =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var grants = await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().RevokeBySubjectAsync(user.Id, cancellationToken);
            var tokens = await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().RevokeBySubjectAsync(user.Id, cancellationToken);
            await revocations.RevokeSubjectAsync(user.Id, cancellationToken);
            return new UserOutcome(SecurityEventTypes.AdminGrantsRevoked, $"every connected app of {user.Email} revoked", "Your connected apps were disconnected",
                "Every application you had given access to your account was disconnected", "They can no longer act for you; connect again the ones you trust.",
                $"{grants} grant(s), {tokens} token(s)");
        });

    /// <summary>Revokes one token row of a grant. A refresh token also takes the grant's access tokens with it (they cannot
    /// be told apart from the ones other refresh tokens produced), as the revocation endpoint does; the grant itself stays.</summary>
    public async Task<AdminResult> RevokeTokenAsync(StaffActor actor, string tokenId, AdminReason reason, CancellationToken cancellationToken = default)
    {
        if (reason.Problem() is { } problem)
        {
            return AdminResult.Invalid(problem);
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (await StaffPowersReader.ReadAsync(db, actor, cancellationToken) is not { } powers)
        {
            return NotStaff;
        }

        var facts = string.IsNullOrWhiteSpace(tokenId) || tokenId.Length > 100 ? null : await db.Set<OAuthToken>().AsNoTracking().Where(t => t.Id == tokenId)
            .Select(t => new { t.Type, t.Status, t.Subject, AuthorizationId = t.Authorization!.Id, t.Application!.DisplayName, t.Application.ClientId, t.Application.OwnerId })
            .FirstOrDefaultAsync(cancellationToken);
        if (facts is null)
        {
            return AdminResult.NotFound("The token");
        }

        if (powers.IsSupportOnly && (await StaffPowersReader.IsAdminAsync(db, facts.Subject, cancellationToken) || await StaffPowersReader.IsAdminAsync(db, facts.OwnerId, cancellationToken)))
        {
            return OwnedByAdmin;
        }

        if (facts.Status != OpenIddictConstants.Statuses.Valid)
        {
            return AdminResult.Invalid("This token no longer works: there is nothing to revoke.");
        }

        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        if (await tokens.FindByIdAsync(tokenId, cancellationToken) is not { } token || !await tokens.TryRevokeAsync(token, cancellationToken))
        {
            return AdminResult.Invalid("The token was changed at the same moment. Reload and try again.");
        }

        var row = new AdminTokenRow(tokenId, facts.Type ?? "", null, null, null, "");
        if (row.IsRefreshToken && facts.AuthorizationId is { } authorizationId)
        {
            await revocations.RevokeAuthorizationAsync(authorizationId, cancellationToken);
        }

        var name = facts.DisplayName ?? facts.ClientId ?? "an application";
        var kind = row.TypeTitle.ToLowerInvariant();
        await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.AdminTokenRevoked, powers.UserId, powers.Email, facts.Subject, "oauth_token", tokenId,
            reason.Text, $"{kind} of '{name}' ({facts.ClientId})", actor.Origin), cancellationToken);
        LogAction("token.revoke", tokenId, powers.UserId);
        if (await EmailOfAsync(db, facts.Subject ?? facts.OwnerId, cancellationToken) is { } email)
        {
            await mails.SendActionAsync(email, $"A token of “{name}” was revoked", $"A {kind} that “{name}” held for your account was revoked",
                "The application must get a new one; if it cannot, it asks you to sign in and consent again.", reason.Text);
        }

        return AdminResult.Done($"The {kind} of “{name}” is revoked.");
    }

    // ---- Platform ----

    /// <summary>Makes new token signing and encryption keys (admins only). They take over after the activation delay;
    /// tokens already issued keep working until they expire.</summary>
    public async Task<AdminResult> RotateSigningKeysAsync(StaffActor actor, AdminReason reason, CancellationToken cancellationToken = default)
    {
        if (reason.Problem() is { } problem)
        {
            return AdminResult.Invalid(problem);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await StaffPowersReader.ReadAsync(db, actor, cancellationToken) is not { } powers)
        {
            return NotStaff;
        }

        if (!powers.IsAdmin)
        {
            return AdminResult.Forbidden("Only administrators rotate the signing keys.");
        }

        await signingKeys.RotateAsync(powers.UserId, cancellationToken);
        await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.SigningKeysRotated, powers.UserId, powers.Email, TargetType: "signing_keys",
            Reason: reason.Text, Origin: actor.Origin), cancellationToken);
        LogAction("signing_keys.rotate", "signing_keys", powers.UserId);
        return AdminResult.Done("New signing keys made. They sign new tokens after a short delay.");
    }

    // ---- Shared ----

    private static readonly AdminResult NotStaff = AdminResult.Forbidden("Only support staff and admins with two-factor authentication on can do this.");
    private static readonly AdminResult OwnedByAdmin = AdminResult.Forbidden("Support cannot act on administrators or on what they own: ask an administrator.");

    private sealed record UserOutcome(string EventType, string Done, string Subject, string What, string Consequence, string? Details = null);

    private sealed record AppOutcome(string EventType, string Done, string What, string Consequence, string? Details = null);

    private async Task<AdminResult> OnUserAsync(StaffActor actor, string userId, AdminReason reason, CancellationToken cancellationToken,
        Func<UserManager<PortalUser>, PortalUser, Task<UserOutcome?>> act, string? adminOnly = null, string? notOnSelf = null)
    {
        if (reason.Problem() is { } problem)
        {
            return AdminResult.Invalid(problem);
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (await StaffPowersReader.ReadAsync(db, actor, cancellationToken) is not { } powers)
        {
            return NotStaff;
        }

        if (adminOnly is not null && !powers.IsAdmin)
        {
            return AdminResult.Forbidden(adminOnly);
        }

        if (notOnSelf is not null && userId == powers.UserId)
        {
            return AdminResult.Forbidden(notOnSelf);
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return AdminResult.NotFound("The account");
        }

        if (powers.IsSupportOnly && await users.IsInRoleAsync(user, PortalRoles.Admin))
        {
            return OwnedByAdmin;
        }

        var outcome = await act(users, user);
        if (outcome is null)
        {
            return AdminResult.Done("Nothing to change.");
        }

        await events.RecordAsync(new SecurityEventEntry(outcome.EventType, powers.UserId, powers.Email, user.Id, "user", user.Id, reason.Text,
            outcome.Details, actor.Origin), cancellationToken);
        LogAction(outcome.EventType, user.Id, powers.UserId);
        if (user.Email is { } email)
        {
            await mails.SendActionAsync(email, outcome.Subject, outcome.What, outcome.Consequence, reason.Text);
        }

        return AdminResult.Done(char.ToUpperInvariant(outcome.Done[0]) + outcome.Done[1..] + ".");
    }

    private async Task<AdminResult> OnApplicationAsync(StaffActor actor, string applicationId, AdminReason reason, CancellationToken cancellationToken,
        bool refusePlugins, Func<AsyncServiceScope, OAuthApplication, Task<AppOutcome?>> act)
    {
        if (reason.Problem() is { } problem)
        {
            return AdminResult.Invalid(problem);
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (await StaffPowersReader.ReadAsync(db, actor, cancellationToken) is not { } powers)
        {
            return NotStaff;
        }

        if (string.IsNullOrWhiteSpace(applicationId) || applicationId.Length > 64 ||
            await Manager(scope).FindByIdAsync(applicationId, cancellationToken) is not { } application)
        {
            return AdminResult.NotFound("The application");
        }

        // Applications without an owner belong to the platform (plugins): only admins touch them.
        if (powers.IsSupportOnly && (application.OwnerId is null || await StaffPowersReader.IsAdminAsync(db, application.OwnerId, cancellationToken)))
        {
            return OwnedByAdmin;
        }

        // A plugin's application lives and dies with the plugin (the supervisor would only fail to start it).
        if (refusePlugins && application.Kind == ApplicationKind.Plugin)
        {
            return AdminResult.Invalid("This application belongs to a plugin: disable or delete the plugin in the Plugins tab instead.");
        }

        var name = application.DisplayName ?? application.ClientId!;
        var clientId = application.ClientId!;
        var ownerId = application.OwnerId;
        AppOutcome? outcome;
        try
        {
            outcome = await act(scope, application);
        }
        catch (OpenIddictExceptions.ConcurrencyException)
        {
            return AdminResult.Invalid("The application was changed at the same moment by someone else. Reload and try again.");
        }

        if (outcome is null)
        {
            return AdminResult.Done("Nothing to change.");
        }

        await events.RecordAsync(new SecurityEventEntry(outcome.EventType, powers.UserId, powers.Email, ownerId, "oauth_client", clientId, reason.Text,
            $"'{name}'" + (outcome.Details is null ? "" : $"; {outcome.Details}"), actor.Origin), cancellationToken);
        LogAction(outcome.EventType, clientId, powers.UserId);
        if (await EmailOfAsync(db, ownerId, cancellationToken) is { } email)
        {
            await mails.SendActionAsync(email, $"Your application “{name}” {outcome.What}", $"Your application “{name}” ({clientId}) {outcome.What}", outcome.Consequence, reason.Text);
        }

        return AdminResult.Done($"“{name}” {outcome.Done}.");
    }

    private async Task RevokeUserTokensAsync(string userId, CancellationToken cancellationToken)
    {
        // Access tokens (no rows) through the revocation list; refresh tokens in their rows.
        await accountTokens.RevokeAllAsync(userId, cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        await tokens.RevokeBySubjectAsync(userId, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var applicationIds = await db.Set<OAuthApplication>().Where(a => a.OwnerId == userId).Select(a => a.Id!).ToListAsync(cancellationToken);
        foreach (var id in applicationIds)
        {
            await tokens.RevokeByApplicationIdAsync(id, cancellationToken);
        }
    }

    private static OAuthApplicationManager Manager(AsyncServiceScope scope) =>
        (OAuthApplicationManager)scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();

    private static Task<string?> EmailOfAsync(PortalDbContext db, string? userId, CancellationToken cancellationToken) =>
        userId is null ? Task.FromResult<string?>(null) : db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin action {Action} on {Target} by {ActorId}")]
    private partial void LogAction(string action, string target, string actorId);
}
