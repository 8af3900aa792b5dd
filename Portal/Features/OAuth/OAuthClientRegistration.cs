using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Notarial.Portal.Features.OAuth;

/// <summary>What an application is registered with.</summary>
public sealed record OAuthClientSpec(
    string Name,
    ApplicationKind Kind,
    string? OwnerId,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<Uri>? RedirectUris = null,
    IReadOnlyList<Uri>? PostLogoutRedirectUris = null,
    string Environment = Platform.PlatformEnvironments.Live,
    string? Description = null,
    string? HomepageUrl = null,
    string? LogoUrl = null);

/// <summary>A registered client: its id and, for confidential kinds, its secret — the only time the secret exists.</summary>
public sealed record RegisteredClient(string ApplicationId, string ClientId, string? ClientSecret);

/// <summary>
/// Turns an application spec into an OpenIddict client with exactly the permissions its kind needs: web apps and
/// single-page apps get the authorization code (PKCE required for the public ones) and refresh tokens, machines and
/// plugins client credentials; every kind may revoke and introspect its own tokens.
/// </summary>
public sealed class OAuthClientRegistration(IOpenIddictApplicationManager applications, TimeProvider time)
{
    public async Task<RegisteredClient> RegisterAsync(OAuthClientSpec spec, CancellationToken cancellationToken = default)
    {
        var confidential = spec.Kind != ApplicationKind.SinglePage;
        var secret = confidential ? ClientSecretHasher.NewSecret() : null;
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = NewClientId(),
            ClientType = confidential ? ClientTypes.Confidential : ClientTypes.Public,
            ConsentType = ConsentTypes.Explicit,
            DisplayName = spec.Name,
        };
        Describe(descriptor, spec);

        var application = new OAuthApplication
        {
            OwnerId = spec.OwnerId,
            Kind = spec.Kind,
            Description = spec.Description,
            HomepageUrl = spec.HomepageUrl,
            LogoUrl = spec.LogoUrl,
            Environment = spec.Environment,
            CreatedAt = time.GetUtcNow(),
        };
        await applications.PopulateAsync(application, descriptor, cancellationToken);
        if (secret is null)
        {
            await applications.CreateAsync(application, cancellationToken);
        }
        else
        {
            // The manager hashes the secret (OAuthApplicationManager); it never reaches the entity in clear.
            await ((OAuthApplicationManager)applications).CreateAsync(application, secret, cancellationToken);
        }
        return new RegisteredClient(application.Id!, descriptor.ClientId, secret);
    }

    /// <summary>Sets the permissions, requirements and URIs a spec implies (also used when an application is edited).</summary>
    public static void Describe(OpenIddictApplicationDescriptor descriptor, OAuthClientSpec spec)
    {
        descriptor.Permissions.Clear();
        descriptor.Requirements.Clear();
        descriptor.RedirectUris.Clear();
        descriptor.PostLogoutRedirectUris.Clear();
        descriptor.DisplayName = spec.Name;

        descriptor.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.Endpoints.Revocation, Permissions.Endpoints.Introspection]);
        if (spec.Kind is ApplicationKind.WebApp or ApplicationKind.SinglePage)
        {
            descriptor.Permissions.UnionWith([
                Permissions.Endpoints.Authorization, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
                Permissions.Prefixes.Scope + OpenIddictConstants.Scopes.OpenId, Permissions.Scopes.Profile, Permissions.Scopes.Email, Permissions.Prefixes.Scope + OpenIddictConstants.Scopes.OfflineAccess,
            ]);
            descriptor.RedirectUris.UnionWith(spec.RedirectUris ?? []);
            descriptor.PostLogoutRedirectUris.UnionWith(spec.PostLogoutRedirectUris ?? []);
        }
        else
        {
            descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        }

        if (spec.Kind == ApplicationKind.SinglePage)
        {
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        }

        foreach (var scope in spec.Scopes)
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }
    }

    /// <summary>Client ids are public but unguessable enough not to be enumerated: "np_" + 20 base62-ish characters.</summary>
    private static string NewClientId() => "np_" + ClientSecretHasher.NewSecret()[..20].Replace('-', 'x').Replace('_', 'z');
}
