using Notarial.Portal.Features.RateLimiting;
using Notarial.Portal.Features.Security;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Notarial.Portal.Server.OAuth.Handlers;

/// <summary>
/// A client that fails to authenticate at the token endpoint is a security event, and counts toward the failure limits
/// that <see cref="TokenEndpointGuard"/> enforces per client and per IP.
/// </summary>
public sealed class RecordClientAuthenticationFailures(SecurityEventLog events, IRateLimitStore limits, IHttpContextAccessor http,
    Microsoft.Extensions.Options.IOptions<OAuthServerOptions> options) : IOpenIddictServerHandler<ProcessErrorContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessErrorContext>()
            .UseSingletonHandler<RecordClientAuthenticationFailures>()
            .SetOrder(int.MinValue + 50_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ProcessErrorContext context)
    {
        if (context.EndpointType is not (OpenIddictServerEndpointType.Token or OpenIddictServerEndpointType.Revocation or OpenIddictServerEndpointType.Introspection) ||
            context.Error != Errors.InvalidClient || http.HttpContext is not { } current)
        {
            return;
        }

        var clientId = context.Request?.ClientId;
        var origin = RequestOrigin.From(current);
        var limitsConfig = options.Value.TokenEndpoint;
        await limits.HitAsync(TokenEndpointGuard.FailureKey("ip", origin.IpAddress), limitsConfig.FailuresPerIp, TokenEndpointGuard.FailureWindow);
        if (!string.IsNullOrEmpty(clientId))
        {
            await limits.HitAsync(TokenEndpointGuard.FailureKey("client", clientId), limitsConfig.FailuresPerClient, TokenEndpointGuard.FailureWindow);
        }

        await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.ClientAuthenticationFailed, TargetType: "oauth_client",
            TargetId: clientId, Details: context.ErrorDescription, Origin: origin));
    }
}
