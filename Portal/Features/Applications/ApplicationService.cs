using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.OAuth;
using Notarial.Portal.Features.OAuth.Revocation;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Scopes;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Features.Webhooks;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Notarial.Portal.Features.Applications;

/// <summary>
/// A developer's OAuth applications: register, read, change, rotate the secret, disable, enable, delete. The portal's
/// pages and the management API both call this, so they share every rule: a developer reaches only their own
/// applications (others' look like missing ones), never gives one a scope they do not hold, and every change is a
/// security event with its actor. OpenIddict's managers are scoped, so each operation runs in a scope of its own.
/// </summary>
public sealed partial class ApplicationService(
    IServiceScopeFactory scopes,
    IDbContextFactory<PortalDbContext> contexts,
    TokenRevocationList revocations,
    ApplicationTokenActivity activity,
    SecurityEventLog events,
    WebhookEvents webhooks,
    TimeProvider time,
    ILogger<ApplicationService> logger)
{
    private const string TargetType = "oauth_client";

    /// <summary>The actor's applications, newest first (plugins, which the platform owns, are not among them).</summary>
    public async Task<IReadOnlyList<ApplicationView>> ListAsync(ApplicationActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var views = await ViewsAsync(db, Owned(db, actor), cancellationToken);
        return [.. views.OrderByDescending(v => v.CreatedAt)];
    }

    public async Task<ApplicationResult<ApplicationView>> GetAsync(ApplicationActor actor, string id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ViewAsync(db, actor, id, cancellationToken) is { } view ? view : new ApplicationError.NotFound();
    }

    /// <summary>The users who allowed the application to act for them, most recent first.</summary>
    public async Task<ApplicationResult<IReadOnlyList<ApplicationGrant>>> ListGrantsAsync(ApplicationActor actor, string id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!IsPlausibleId(id) || !await Owned(db, actor).AnyAsync(a => a.Id == id, cancellationToken))
        {
            return new ApplicationError.NotFound();
        }

        var rows = await db.Set<OAuthAuthorization>().AsNoTracking()
            .Where(a => a.Application!.Id == id && a.Status == Statuses.Valid && a.Type == AuthorizationTypes.Permanent)
            .OrderByDescending(a => a.CreationDate)
            .Take(500)
            .Select(a => new
            {
                a.Subject,
                a.Scopes,
                a.CreationDate,
                User = db.Users.Where(u => u.Id == a.Subject).Select(u => new { u.DisplayName, u.Email }).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);

        // One line per user: their latest grant.
        IReadOnlyList<ApplicationGrant> grants = [.. rows
            .GroupBy(r => r.Subject)
            .Select(g => g.First())
            .Select(r => new ApplicationGrant(r.Subject ?? "", r.User?.DisplayName, r.User?.Email, ParseList(r.Scopes), ToOffset(r.CreationDate)))];
        return new ApplicationResult<IReadOnlyList<ApplicationGrant>>(grants, null);
    }

    /// <summary>Registers an application; the result carries its client secret (confidential kinds), shown this once.</summary>
    public async Task<ApplicationResult<CreatedApplication>> CreateAsync(ApplicationActor actor, ApplicationDraft draft, CancellationToken cancellationToken = default)
    {
        // A key or token bound to an environment registers there unless told otherwise (and may not say another).
        if (string.IsNullOrWhiteSpace(draft.Environment) && actor.Environment is not null)
        {
            draft = draft with { Environment = actor.Environment };
        }

        var errors = ApplicationRules.Validate(draft, actor.UserId, out var spec);
        if (spec is not null && actor.Environment is not null && spec.Environment != actor.Environment)
        {
            return BeyondEnvironment(actor);
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        errors = [.. errors, .. await NameTakenAsync(db, actor.UserId, draft.Name, exceptId: null, cancellationToken)];
        if (errors.Count > 0)
        {
            return new ApplicationError.Invalid(errors);
        }

        if (await CheckRightsAsync(scope.ServiceProvider, actor, spec!.Scopes) is { } beyond)
        {
            return beyond;
        }

        var registered = await scope.ServiceProvider.GetRequiredService<OAuthClientRegistration>().RegisterAsync(spec, cancellationToken);
        await events.RecordAsync(Event(actor, SecurityEventTypes.ApplicationCreated, actor.UserId, registered.ClientId,
            $"{ApplicationKinds.Title(spec.Kind)} '{spec.Name}', {spec.Environment}; scopes: {Scopes(spec.Scopes)}"), cancellationToken);
        LogCreated(registered.ClientId, actor.UserId, actor.Via);

        var view = await ViewAsync(db, actor, registered.ApplicationId, cancellationToken)
            ?? throw new InvalidOperationException("The application just registered cannot be read.");
        return new CreatedApplication(view, registered.ClientSecret);
    }

    /// <summary>Changes an application's settings; <see cref="ApplicationChanges.Disabled"/> also disables or enables it.</summary>
    public async Task<ApplicationResult<ApplicationView>> UpdateAsync(ApplicationActor actor, string id, ApplicationChanges changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        await using var scope = scopes.CreateAsyncScope();
        var manager = Manager(scope);
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (await FindOwnedAsync(manager, actor, id, cancellationToken) is not { } application)
        {
            return new ApplicationError.NotFound();
        }

        var descriptor = new OpenIddictApplicationDescriptor();
        await manager.PopulateAsync(descriptor, application, cancellationToken);
        var current = new ApplicationDraft(
            application.DisplayName, ApplicationKinds.ApiName(application.Kind), application.Description, application.HomepageUrl, application.LogoUrl,
            [.. descriptor.RedirectUris.Select(u => u.OriginalString)], [.. descriptor.PostLogoutRedirectUris.Select(u => u.OriginalString)],
            [.. ScopesOf(descriptor.Permissions)], application.Environment);
        var draft = new ApplicationDraft(
            changes.Name ?? current.Name,
            current.Type,
            changes.Description ?? current.Description,
            changes.HomepageUrl ?? current.HomepageUrl,
            changes.LogoUrl ?? current.LogoUrl,
            changes.RedirectUris ?? current.RedirectUris,
            changes.PostLogoutRedirectUris ?? current.PostLogoutRedirectUris,
            changes.Scopes ?? current.Scopes,
            current.Environment);

        var errors = ApplicationRules.Validate(draft, application.OwnerId, out var spec).ToList();
        if (changes.Type is not null && (!ApplicationKinds.TryParse(changes.Type, out var kind) || kind != application.Kind))
        {
            errors.Add(new FieldError(ApplicationFields.Type, "The type is chosen at registration and cannot change: register a new application instead."));
        }

        if (changes.Environment is not null && !string.Equals(changes.Environment.Trim(), application.Environment, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new FieldError(ApplicationFields.Environment, "The environment is chosen at registration and cannot change: register a new application instead."));
        }

        if (changes.Name is not null)
        {
            errors.AddRange(await NameTakenAsync(db, application.OwnerId!, changes.Name, application.Id, cancellationToken));
        }

        if (errors.Count > 0)
        {
            return new ApplicationError.Invalid(errors);
        }

        // Only scopes being added must be within the actor's rights: keeping one the application already has is fine.
        var added = spec!.Scopes.Except(current.Scopes!.OfType<string>()).ToList();
        if (await CheckRightsAsync(scope.ServiceProvider, actor, added) is { } beyond)
        {
            return beyond;
        }

        var changed = ChangedFields(current, draft);
        var disabling = changes.Disabled is { } disabled && disabled != application.Disabled;
        if (changed.Count == 0 && !disabling)
        {
            return await ViewAsync(db, actor, application.Id!, cancellationToken) is { } unchanged ? unchanged : new ApplicationError.NotFound();
        }

        if (changed.Count > 0)
        {
            OAuthClientRegistration.Describe(descriptor, spec);
            await manager.PopulateAsync(application, descriptor, cancellationToken);
            application.Description = spec.Description;
            application.HomepageUrl = spec.HomepageUrl;
            application.LogoUrl = spec.LogoUrl;
            application.UpdatedAt = time.GetUtcNow();
            events.Add(db, Event(actor, SecurityEventTypes.ApplicationUpdated, application.OwnerId, application.ClientId,
                $"changed: {string.Join(", ", changed)}" + (added.Count > 0 ? $"; scopes added: {Scopes(added)}" : "")));
        }

        if (disabling)
        {
            application.Disabled = changes.Disabled!.Value;
            application.UpdatedAt = time.GetUtcNow();
            events.Add(db, Event(actor, application.Disabled ? SecurityEventTypes.ApplicationDisabled : SecurityEventTypes.ApplicationEnabled,
                application.OwnerId, application.ClientId, $"'{application.DisplayName}'"));
        }

        if (await SaveAsync(manager, application, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        if (disabling && application.Disabled)
        {
            // After the change is committed (the cache is already told): every token issued until now stops working.
            await revocations.RevokeClientAsync(application.ClientId!, cancellationToken);
        }

        return await ViewAsync(db, actor, application.Id!, cancellationToken) is { } view ? view : new ApplicationError.NotFound();
    }

    /// <summary>Disables (no new tokens, every existing access token refused at once) or enables an application.</summary>
    public Task<ApplicationResult<ApplicationView>> SetDisabledAsync(ApplicationActor actor, string id, bool disabled, CancellationToken cancellationToken = default) =>
        UpdateAsync(actor, id, new ApplicationChanges(Disabled: disabled), cancellationToken);

    /// <summary>
    /// Gives a confidential application a new client secret, shown once. The previous secret keeps working for the grace
    /// period (<see cref="SecretRotationGrace"/>: now, 1h, 24h, 7d); an older one, from an earlier rotation, stops now —
    /// there are never more than two.
    /// </summary>
    public async Task<ApplicationResult<RotatedSecret>> RotateSecretAsync(ApplicationActor actor, string id, string? grace, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var manager = Manager(scope);
        if (await FindOwnedAsync(manager, actor, id, cancellationToken) is not { } application)
        {
            return new ApplicationError.NotFound();
        }

        if (SecretRotationGrace.Find(grace ?? SecretRotationGrace.Now.Code) is not { } period)
        {
            return new ApplicationError.Invalid([new FieldError(ApplicationFields.Grace, "Choose how long the current secret keeps working: now, 1h, 24h or 7d.")]);
        }

        if (!ApplicationKinds.IsConfidential(application.Kind))
        {
            return new ApplicationError.Conflict("Single-page and native apps are public clients: they have no secret to rotate.");
        }

        var now = time.GetUtcNow();
        application.PreviousClientSecret = period.Duration > TimeSpan.Zero ? application.ClientSecret : null;
        application.PreviousSecretExpiresAt = period.Duration > TimeSpan.Zero ? now + period.Duration : null;
        application.SecretRotatedAt = now;
        application.UpdatedAt = now;
        var secret = ClientSecretHasher.NewSecret();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        events.Add(db, Event(actor, SecurityEventTypes.ApplicationSecretRotated, application.OwnerId, application.ClientId,
            period.Duration > TimeSpan.Zero ? $"previous secret works until {application.PreviousSecretExpiresAt:u}" : "previous secret stopped at once"));
        await webhooks.EnqueueAsync(db, application.OwnerId, application.Environment ?? PlatformEnvironments.Live, WebhookEventTypes.ApplicationSecretRotated, new
        {
            application = new { client_id = application.ClientId, name = application.DisplayName },
            previous_secret_works_until = application.PreviousSecretExpiresAt,
        }, cancellationToken);
        try
        {
            // The manager hashes the new secret (OAuthApplicationManager) and tells every instance's client cache.
            await manager.UpdateAsync(application, secret, cancellationToken);
        }
        catch (OpenIddictExceptions.ConcurrencyException)
        {
            return ChangedMeanwhile();
        }

        LogRotated(application.ClientId!, actor.UserId, period.Code);
        var view = await ViewAsync(db, actor, application.Id!, cancellationToken);
        return view is null ? new ApplicationError.NotFound() : new RotatedSecret(view, secret);
    }

    /// <summary>Deletes an application: its tokens stop working at once and its grants and refresh tokens are deleted.</summary>
    public async Task<ApplicationResult<ApplicationView>> DeleteAsync(ApplicationActor actor, string id, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var manager = Manager(scope);
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (await FindOwnedAsync(manager, actor, id, cancellationToken) is not { } application ||
            await ViewAsync(db, actor, application.Id!, cancellationToken) is not { } view)
        {
            return new ApplicationError.NotFound();
        }

        events.Add(db, Event(actor, SecurityEventTypes.ApplicationDeleted, application.OwnerId, application.ClientId,
            $"'{application.DisplayName}'; {view.ActiveGrants} grant(s) ended"));
        try
        {
            // OpenIddict deletes the application's authorizations and token rows with it, in one transaction.
            await manager.DeleteAsync(application, cancellationToken);
        }
        catch (OpenIddictExceptions.ConcurrencyException)
        {
            return ChangedMeanwhile();
        }

        // Access tokens have no rows: the revocation list ends them.
        await revocations.RevokeClientAsync(application.ClientId!, cancellationToken);
        LogDeleted(application.ClientId!, actor.UserId, actor.Via);
        return view;
    }

    private static OAuthApplicationManager Manager(AsyncServiceScope scope) =>
        (OAuthApplicationManager)scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();

    /// <summary>The actor's applications: their own, of their environment when bound to one, never a plugin.</summary>
    private static IQueryable<OAuthApplication> Owned(PortalDbContext db, ApplicationActor actor)
    {
        var query = db.Set<OAuthApplication>().AsNoTracking().Where(a => a.OwnerId == actor.UserId && a.Kind != ApplicationKind.Plugin);
        return actor.Environment is { } environment ? query.Where(a => a.Environment == environment) : query;
    }

    private static async Task<OAuthApplication?> FindOwnedAsync(OAuthApplicationManager manager, ApplicationActor actor, string id, CancellationToken cancellationToken)
    {
        if (!IsPlausibleId(id) || await manager.FindByIdAsync(id, cancellationToken) is not { } application)
        {
            return null;
        }

        return application.OwnerId == actor.UserId && application.Kind != ApplicationKind.Plugin &&
               (actor.Environment is null || application.Environment == actor.Environment)
            ? application
            : null;
    }

    private static bool IsPlausibleId(string? id) => !string.IsNullOrWhiteSpace(id) && id.Length <= 64;

    private async Task<ApplicationView?> ViewAsync(PortalDbContext db, ApplicationActor actor, string id, CancellationToken cancellationToken) =>
        IsPlausibleId(id) ? (await ViewsAsync(db, Owned(db, actor).Where(a => a.Id == id), cancellationToken)).FirstOrDefault() : null;

    private async Task<List<ApplicationView>> ViewsAsync(PortalDbContext db, IQueryable<OAuthApplication> applications, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var utcNow = now.UtcDateTime;
        var rows = await applications.AsNoTracking()
            .Select(a => new
            {
                a.Id,
                a.ClientId,
                a.DisplayName,
                a.Kind,
                a.Description,
                a.HomepageUrl,
                a.LogoUrl,
                a.Environment,
                a.RedirectUris,
                a.PostLogoutRedirectUris,
                a.Permissions,
                a.Disabled,
                a.CreatedAt,
                a.UpdatedAt,
                a.SecretRotatedAt,
                a.PreviousSecretExpiresAt,
                a.LastTokenIssuedAt,
                Grants = a.Authorizations.Where(z => z.Status == Statuses.Valid && z.Type == AuthorizationTypes.Permanent).Select(z => z.Subject).Distinct().Count(),
                RefreshTokens = a.Tokens.Count(t => t.Status == Statuses.Valid &&
                                                   (t.Type == TokenTypeHints.RefreshToken || t.Type == TokenTypeIdentifiers.RefreshToken) &&
                                                   (t.ExpirationDate == null || t.ExpirationDate > utcNow)),
            })
            .ToListAsync(cancellationToken);

        return [.. rows.Select(r => new ApplicationView(
            r.Id!, r.ClientId!, r.DisplayName ?? r.ClientId!, r.Kind, r.Description, r.HomepageUrl, r.LogoUrl, r.Environment,
            ParseList(r.RedirectUris), ParseList(r.PostLogoutRedirectUris), [.. ScopesOf(ParseList(r.Permissions))],
            r.Disabled, r.CreatedAt, r.UpdatedAt, r.SecretRotatedAt,
            r.PreviousSecretExpiresAt > now ? r.PreviousSecretExpiresAt : null,
            Latest(r.LastTokenIssuedAt, activity.Pending(r.ClientId!)),
            r.Grants, r.RefreshTokens))];
    }

    private static async Task<List<FieldError>> NameTakenAsync(PortalDbContext db, string ownerId, string? name, string? exceptId, CancellationToken cancellationToken)
    {
        var trimmed = name?.Trim() ?? "";
        if (ApplicationRules.NameProblem(trimmed) is not null)
        {
            return [];
        }

        var lowered = trimmed.ToLowerInvariant();
        var taken = await db.Set<OAuthApplication>().AsNoTracking()
            .AnyAsync(a => a.OwnerId == ownerId && a.Id != exceptId && a.DisplayName!.ToLower() == lowered, cancellationToken);
        return taken ? [new FieldError(ApplicationFields.Name, "You already have an application with this name: choose another.")] : [];
    }

    /// <summary>An application never gets a scope its creator's credential does not hold, and admin only from an admin account.</summary>
    private static async Task<ApplicationError?> CheckRightsAsync(IServiceProvider services, ApplicationActor actor, IReadOnlyCollection<string> scopes)
    {
        foreach (var scope in scopes)
        {
            if (!ScopeCatalog.Covers(actor.HeldScopes, [scope]))
            {
                return new ApplicationError.BeyondRights(scope, $"This credential does not hold '{scope}', so it cannot give it to an application.");
            }
        }

        if (scopes.Contains(ScopeCatalog.Admin))
        {
            var users = services.GetRequiredService<UserManager<PortalUser>>();
            if (await users.FindByIdAsync(actor.UserId) is not { } user || !await users.IsInRoleAsync(user, PortalRoles.Admin))
            {
                return new ApplicationError.BeyondRights(ScopeCatalog.Admin, "Only administrators can give an application the admin scope.");
            }
        }

        return null;
    }

    private static ApplicationError BeyondEnvironment(ApplicationActor actor) =>
        new ApplicationError.BeyondRights("environment", $"This credential works in the {actor.Environment} environment and can only register applications there.");

    private static ApplicationError ChangedMeanwhile() =>
        new ApplicationError.Conflict("The application was changed at the same moment by someone else. Reload it and try again.");

    private static async Task<ApplicationError?> SaveAsync(OAuthApplicationManager manager, OAuthApplication application, CancellationToken cancellationToken)
    {
        try
        {
            // The manager validates, saves (the security events added to the same context commit with it) and tells
            // every instance's client cache.
            await manager.UpdateAsync(application, cancellationToken);
            return null;
        }
        catch (OpenIddictExceptions.ConcurrencyException)
        {
            return ChangedMeanwhile();
        }
    }

    private static List<string> ChangedFields(ApplicationDraft before, ApplicationDraft after)
    {
        var changed = new List<string>();
        if (!string.Equals(before.Name, after.Name?.Trim(), StringComparison.Ordinal))
        {
            changed.Add(ApplicationFields.Name);
        }

        Compare(ApplicationFields.Description, before.Description, after.Description);
        Compare(ApplicationFields.HomepageUrl, before.HomepageUrl, after.HomepageUrl);
        Compare(ApplicationFields.LogoUrl, before.LogoUrl, after.LogoUrl);
        CompareLists(ApplicationFields.RedirectUris, before.RedirectUris, after.RedirectUris, ordered: true);
        CompareLists(ApplicationFields.PostLogoutRedirectUris, before.PostLogoutRedirectUris, after.PostLogoutRedirectUris, ordered: true);
        CompareLists(ApplicationFields.Scopes, before.Scopes, after.Scopes, ordered: false);
        return changed;

        void Compare(string field, string? a, string? b)
        {
            if (!string.Equals(Blank(a), Blank(b), StringComparison.Ordinal))
            {
                changed.Add(field);
            }
        }

        void CompareLists(string field, IReadOnlyList<string?>? a, IReadOnlyList<string?>? b, bool ordered)
        {
            var left = (a ?? []).Select(v => v?.Trim() ?? "");
            var right = (b ?? []).Select(v => v?.Trim() ?? "");
            if (!(ordered ? left.SequenceEqual(right) : left.Order().SequenceEqual(right.Distinct().Order())))
            {
                changed.Add(field);
            }
        }

        static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static SecurityEventEntry Event(ApplicationActor actor, string type, string? ownerId, string? clientId, string details) =>
        new(type, actor.UserId, actor.Email, ownerId, TargetType, clientId, Details: $"{details} (via {actor.Via})", Origin: actor.Origin);

    /// <summary>The platform scopes among an application's permissions ("scp:orders:read" → "orders:read").</summary>
    private static IEnumerable<string> ScopesOf(IEnumerable<string> permissions) =>
        permissions.Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
            .Select(p => p[Permissions.Prefixes.Scope.Length..])
            .Where(s => ScopeCatalog.Find(s) is { Kind: not ScopeKind.OpenId });

    private static string Scopes(IEnumerable<string> scopes) => scopes.Any() ? string.Join(' ', scopes) : "none";

    private static List<string> ParseList(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<string>>(json) ?? [];

    private static DateTimeOffset? ToOffset(DateTime? value) => value is { } date ? new DateTimeOffset(DateTime.SpecifyKind(date, DateTimeKind.Utc)) : null;

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Application {ClientId} registered by {ActorId} via {Via}")]
    private partial void LogCreated(string clientId, string actorId, string via);

    [LoggerMessage(Level = LogLevel.Information, Message = "Client secret of {ClientId} rotated by {ActorId}, grace {Grace}")]
    private partial void LogRotated(string clientId, string actorId, string grace);

    [LoggerMessage(Level = LogLevel.Information, Message = "Application {ClientId} deleted by {ActorId} via {Via}")]
    private partial void LogDeleted(string clientId, string actorId, string via);
}
