using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notarial.Portal.Features.Caching;

namespace Notarial.Portal.Features.Accounts;

/// <summary>
/// Identity's user manager with lockout on the injected <see cref="TimeProvider"/> (the framework reads the system clock),
/// so the lockout window follows the same clock as everything else and tests can move it. A deleted user is announced on
/// the invalidation bus, so caches of credentials (API keys...) forget them at once.
/// </summary>
public sealed class PortalUserManager(
    IUserStore<PortalUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<PortalUser> passwordHasher,
    IEnumerable<IUserValidator<PortalUser>> userValidators,
    IEnumerable<IPasswordValidator<PortalUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<PortalUser>> logger,
    TimeProvider time,
    IInvalidationBus invalidation)
    : UserManager<PortalUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    /// <summary>The invalidation topic for a user; the message id is the user id.</summary>
    public const string UserTopic = "user";

    public override async Task<bool> IsLockedOutAsync(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!await GetLockoutEnabledAsync(user))
        {
            return false;
        }

        return await GetLockoutEndDateAsync(user) is { } end && end >= time.GetUtcNow();
    }

    public override async Task<IdentityResult> DeleteAsync(PortalUser user)
    {
        var result = await base.DeleteAsync(user);
        if (result.Succeeded)
        {
            await invalidation.PublishAsync(new InvalidationMessage(UserTopic, user.Id), CancellationToken);
        }

        return result;
    }

    public override async Task<IdentityResult> AccessFailedAsync(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var store = (IUserLockoutStore<PortalUser>)Store;
        var count = await store.IncrementAccessFailedCountAsync(user, CancellationToken);
        if (count >= Options.Lockout.MaxFailedAccessAttempts)
        {
            await store.SetLockoutEndDateAsync(user, time.GetUtcNow().Add(Options.Lockout.DefaultLockoutTimeSpan), CancellationToken);
            await store.ResetAccessFailedCountAsync(user, CancellationToken);
        }

        return await UpdateUserAsync(user);
    }
}
