using Notarial.Portal.Features.Scopes;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Notarial.Portal.Server.OAuth.Handlers;

/// <summary>
/// Seed 003 asks for scopes action first (<c>read:users write:projects</c>); the catalog names them resource first
/// (<c>users:read</c>, <see cref="ScopeCatalog.Canonical"/>). Authorization and token requests are rewritten to the
/// catalog's names as soon as they are read, so OpenIddict's checks, the consent page and the tokens all see one
/// spelling — and an action-first name never grants more than its catalog name would.
/// </summary>
public sealed class CanonicalScopeSpellings :
    IOpenIddictServerHandler<ExtractAuthorizationRequestContext>,
    IOpenIddictServerHandler<ExtractTokenRequestContext>
{
    // After the host has read the request (its extraction handlers), before anything validates it.
    private const int Order = int.MaxValue - 100_000;

    public static OpenIddictServerHandlerDescriptor AuthorizationDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ExtractAuthorizationRequestContext>()
            .UseSingletonHandler<CanonicalScopeSpellings>()
            .SetOrder(Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public static OpenIddictServerHandlerDescriptor TokenDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ExtractTokenRequestContext>()
            .UseSingletonHandler<CanonicalScopeSpellings>()
            .SetOrder(Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ExtractAuthorizationRequestContext context)
    {
        Rewrite(context.Request);
        return default;
    }

    public ValueTask HandleAsync(ExtractTokenRequestContext context)
    {
        Rewrite(context.Request);
        return default;
    }

    private static void Rewrite(OpenIddictRequest? request)
    {
        if (request?.Scope is not { Length: > 0 } scope)
        {
            return;
        }

        var names = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var canonical = names.Select(ScopeCatalog.Canonical).Distinct(StringComparer.Ordinal).ToArray();
        if (!canonical.SequenceEqual(names, StringComparer.Ordinal))
        {
            request.Scope = string.Join(' ', canonical);
        }
    }
}
