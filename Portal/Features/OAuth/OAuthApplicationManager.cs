using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notarial.Portal.Features.Caching;
using OpenIddict.Abstractions;
using OpenIddict.Core;

namespace Notarial.Portal.Features.OAuth;

/// <summary>
/// OpenIddict's application manager with the portal's rules: secrets hashed with SHA-256 (<see cref="ClientSecretHasher"/>),
/// the previous secret accepted during a rotation's grace period, disabled applications refused, and application
/// records served from a process-wide cache (OpenIddict's own cache lives for one request).
/// </summary>
public sealed class OAuthApplicationManager(
    IOpenIddictApplicationCache<OAuthApplication> cache,
    ILogger<OpenIddictApplicationManager<OAuthApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OAuthApplication> store,
    OAuthClientCache clients,
    IInvalidationBus bus,
    TimeProvider time)
    : OpenIddictApplicationManager<OAuthApplication>(cache, logger, options, store)
{
    public override async ValueTask<OAuthApplication?> FindByClientIdAsync(string identifier, CancellationToken cancellationToken = default)
    {
        if (clients.TryGet(identifier, out var cached))
        {
            return cached;
        }

        var application = await base.FindByClientIdAsync(identifier, cancellationToken);
        clients.Set(identifier, application);
        return application;
    }

    public override async ValueTask<bool> ValidateClientSecretAsync(OAuthApplication application, string secret, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        if (application.Disabled || string.IsNullOrEmpty(secret) || await HasClientTypeAsync(application, OpenIddictConstants.ClientTypes.Public, cancellationToken))
        {
            return false;
        }

        // Check both hashes whatever the first answer, so the time taken does not tell which secret matched.
        var current = ClientSecretHasher.Verify(secret, application.ClientSecret);
        var previous = application.PreviousSecretExpiresAt > time.GetUtcNow() && ClientSecretHasher.Verify(secret, application.PreviousClientSecret);
        return current | previous;
    }

    /// <summary>A disabled application has no permission at all, so every flow refuses it.</summary>
    public override ValueTask<bool> HasPermissionAsync(OAuthApplication application, string permission, CancellationToken cancellationToken = default) =>
        application.Disabled ? ValueTask.FromResult(false) : base.HasPermissionAsync(application, permission, cancellationToken);

    protected override ValueTask<string> ObfuscateClientSecretAsync(string secret, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ClientSecretHasher.Hash(secret));

    public override async ValueTask UpdateAsync(OAuthApplication application, CancellationToken cancellationToken = default)
    {
        await base.UpdateAsync(application, cancellationToken);
        await bus.PublishAsync(new InvalidationMessage(OAuthClientCache.Topic, application.ClientId!), cancellationToken);
    }

    public override async ValueTask DeleteAsync(OAuthApplication application, CancellationToken cancellationToken = default)
    {
        // OpenIddict deletes an application with its grants and tokens in one repeatable-read transaction. On PostgreSQL,
        // another instance writing the row meanwhile (its token-activity flush) makes that transaction fail as a
        // serialization failure; the delete is safe to run again, on a fresh snapshot.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await base.DeleteAsync(application, cancellationToken);
                break;
            }
            catch (Exception exception) when (attempt < 3 && IsSerializationFailure(exception))
            {
                // Again: the tracked entities are still marked for deletion.
            }
        }

        await bus.PublishAsync(new InvalidationMessage(OAuthClientCache.Topic, application.ClientId!), cancellationToken);
    }

    /// <summary>PostgreSQL's "could not serialize access" (40001) or a deadlock (40P01), however wrapped.</summary>
    private static bool IsSerializationFailure(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Data.Common.DbException { SqlState: "40001" or "40P01" })
            {
                return true;
            }
        }

        return false;
    }
}
