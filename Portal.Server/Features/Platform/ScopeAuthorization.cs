using Microsoft.AspNetCore.Authorization;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Scopes;

namespace Notarial.Portal.Server.Features.Platform;

/// <summary>A platform endpoint needs this scope (satisfied by itself, its coarse action, or admin).</summary>
public sealed record ScopeRequirement(string Scope) : IAuthorizationRequirement;

/// <summary>Endpoint metadata naming the scope an endpoint needs (read by the OpenAPI document and by tests that check
/// every endpoint declares one).</summary>
public sealed record RequiredScopeMetadata(string Scope);

/// <summary>Endpoint metadata for the few platform endpoints that need no credential (e.g. reporting a leaked key).</summary>
public sealed record AnonymousPlatformEndpointMetadata(string Why);

/// <summary>Endpoint metadata for platform endpoints any authenticated caller may use, whatever its scopes (who am I).</summary>
public sealed record AnyCallerEndpointMetadata(string Why);

/// <summary>Checks the caller's scopes with <see cref="ScopeCatalog.Satisfies"/>; a refusal leaves the needed scope for
/// the 403 <c>insufficient_scope</c> answer.</summary>
public sealed class ScopeAuthorizationHandler : AuthorizationHandler<ScopeRequirement>
{
    public const string RequiredScopeItem = "np.required_scope";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        var caller = PlatformCaller.From(context.User);
        if (caller is not null && ScopeCatalog.Satisfies(caller.Scopes, requirement.Scope))
        {
            context.Succeed(requirement);
        }
        else if (context.Resource is HttpContext http)
        {
            http.Items[RequiredScopeItem] = requirement.Scope;
        }

        return Task.CompletedTask;
    }
}

public static class ScopeAuthorizationExtensions
{
    public static string PolicyName(string scope) => "scope:" + scope;

    /// <summary>One authorization policy per scope of the catalog, named "scope:&lt;scope&gt;".</summary>
    public static AuthorizationBuilder AddScopePolicies(this AuthorizationBuilder authorization)
    {
        foreach (var scope in ScopeCatalog.Platform)
        {
            authorization.AddPolicy(PolicyName(scope.Name), policy => policy
                .AddAuthenticationSchemes(PlatformAuthenticationSchemes.Platform)
                .RequireAuthenticatedUser()
                .AddRequirements(new ScopeRequirement(scope.Name)));
        }

        return authorization;
    }

    /// <summary>The endpoint needs a platform credential carrying <paramref name="scope"/>.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope)
        where TBuilder : IEndpointConventionBuilder
    {
        if (!ScopeCatalog.IsKnown(scope))
        {
            throw new ArgumentException($"'{scope}' is not in the scope catalog.", nameof(scope));
        }

        return builder.RequireAuthorization(PolicyName(scope)).WithMetadata(new RequiredScopeMetadata(scope));
    }

    /// <summary>Any authenticated platform caller may use the endpoint, whatever its scopes, for the reason given.</summary>
    public static TBuilder RequireAnyPlatformCaller<TBuilder>(this TBuilder builder, string why)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(PlatformAuthenticationSchemes.CallerPolicy).WithMetadata(new AnyCallerEndpointMetadata(why));

    /// <summary>The endpoint is a platform endpoint that takes no credential, for the reason given.</summary>
    public static TBuilder AllowAnonymousPlatform<TBuilder>(this TBuilder builder, string why)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AllowAnonymous().WithMetadata(new AnonymousPlatformEndpointMetadata(why));
}
