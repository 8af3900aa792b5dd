using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Features.OAuth;
using Notarial.Portal.Features.OAuth.Revocation;
using OpenIddict.Abstractions;

namespace Notarial.Portal.Features.Plugins;

/// <summary>
/// A plugin's OAuth application: a confidential client-credentials client of kind plugin, owned by the system (no
/// developer sees or edits it; admins see it), with exactly the plugin's scopes. Its secret is never known to anyone
/// but the plugin process: a new one is made for every start.
/// </summary>
public sealed class PluginCredentials(IServiceScopeFactory scopes, TokenRevocationList revocations, TimeProvider time)
{
    public async Task<RegisteredClient> ProvisionAsync(string name, IReadOnlyList<string> scopeList, string environment, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var registration = scope.ServiceProvider.GetRequiredService<OAuthClientRegistration>();
        var registered = await registration.RegisterAsync(Spec(name, scopeList, environment), cancellationToken);

        // The secret made at registration is dropped: the plugin gets a fresh one when it starts.
        return registered with { ClientSecret = null };
    }

    /// <summary>Gives the application the plugin's name, scopes and environment; tokens issued before stop working when
    /// the scopes or the environment change.</summary>
    public async Task UpdateAsync(string applicationId, string name, IReadOnlyList<string> scopeList, string environment, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var manager = Manager(scope);
        if (await manager.FindByIdAsync(applicationId, cancellationToken) is not { } application)
        {
            return;
        }

        var descriptor = new OpenIddictApplicationDescriptor();
        await manager.PopulateAsync(descriptor, application, cancellationToken);
        var before = descriptor.Permissions.ToHashSet(StringComparer.Ordinal);
        OAuthClientRegistration.Describe(descriptor, Spec(name, scopeList, environment));
        var narrowed = !before.SetEquals(descriptor.Permissions) || application.Environment != environment;
        await manager.PopulateAsync(application, descriptor, cancellationToken);
        application.Environment = environment;
        application.UpdatedAt = time.GetUtcNow();
        await manager.UpdateAsync(application, cancellationToken);
        if (narrowed)
        {
            await revocations.RevokeClientAsync(application.ClientId!, cancellationToken);
        }
    }

    /// <summary>Disables (no token, every token refused at once) or enables the application.</summary>
    public async Task SetDisabledAsync(string applicationId, bool disabled, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var manager = Manager(scope);
        if (await manager.FindByIdAsync(applicationId, cancellationToken) is not { } application)
        {
            return;
        }

        application.Disabled = disabled;
        application.UpdatedAt = time.GetUtcNow();
        await manager.UpdateAsync(application, cancellationToken);
        if (disabled)
        {
            await revocations.RevokeClientAsync(application.ClientId!, cancellationToken);
        }
    }

    /// <summary>
    /// A new client secret for a starting process. The previous one stops at once, with every token issued under it:
    /// the process that held it has already ended.
    /// </summary>
    public async Task<string?> RotateForStartAsync(string applicationId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var manager = Manager(scope);
        if (await manager.FindByIdAsync(applicationId, cancellationToken) is not { } application)
        {
            return null;
        }

        var now = time.GetUtcNow();
        application.PreviousClientSecret = null;
        application.PreviousSecretExpiresAt = null;
        application.SecretRotatedAt = now;
        application.UpdatedAt = now;
        var secret = ClientSecretHasher.NewSecret();
        await manager.UpdateAsync(application, secret, cancellationToken);
        await revocations.RevokeClientAsync(application.ClientId!, cancellationToken);
        return secret;
    }

    /// <summary>Deletes the application with its grants; its access tokens stop at once.</summary>
    public async Task DeleteAsync(string applicationId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var manager = Manager(scope);
        if (await manager.FindByIdAsync(applicationId, cancellationToken) is not { } application)
        {
            return;
        }

        await manager.DeleteAsync(application, cancellationToken);
        await revocations.RevokeClientAsync(application.ClientId!, cancellationToken);
    }

    private static OAuthClientSpec Spec(string name, IReadOnlyList<string> scopeList, string environment) =>
        new(name, ApplicationKind.Plugin, OwnerId: null, scopeList, Environment: environment, Description: "Provisioned for the plugin “" + name + "”.");

    private static OAuthApplicationManager Manager(AsyncServiceScope scope) =>
        (OAuthApplicationManager)scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
}
