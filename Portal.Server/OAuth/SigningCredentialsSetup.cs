using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Notarial.Portal.Features.OAuth.Keys;
using OpenIddict.Server;
using OpenIddict.Validation;

namespace Notarial.Portal.Server.OAuth;

/// <summary>
/// Gives OpenIddict the keys of the ring: the active signing and encryption keys first (OpenIddict uses the first
/// credential), then every other key still valid, so tokens made with a previous or not-yet-active key validate, and
/// JWKS publishes them all by kid.
/// </summary>
public sealed class SigningCredentialsSetup(SigningKeyRing ring) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        var keys = ring.Current;
        foreach (var key in keys.Signing)
        {
            options.SigningCredentials.Add(new SigningCredentials(key.Key, SecurityAlgorithms.RsaSha256));
        }

        foreach (var key in keys.Encryption)
        {
            options.EncryptionCredentials.Add(new EncryptingCredentials(key.Key, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
        }
    }
}

/// <summary>
/// When the ring changes (a rotation here or on another instance, a new key reaching its activation time), OpenIddict's
/// options are rebuilt so the new key set is used from the next request on.
/// </summary>
public sealed class SigningKeyRollover(
    SigningKeyRing ring,
    IOptionsMonitorCache<OpenIddictServerOptions> serverOptions,
    IOptionsMonitorCache<OpenIddictValidationOptions> validationOptions) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ring.Changed += OnChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        ring.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    private void OnChanged(KeySnapshot snapshot)
    {
        serverOptions.TryRemove(Options.DefaultName);
        validationOptions.TryRemove(Options.DefaultName);
    }
}
