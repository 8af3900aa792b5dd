using System.Text.Json.Serialization;
using Notarial.Portal.Features.Platform;

namespace Notarial.Portal.Server.Features.Platform;

/// <summary>The answer of <c>GET /api/auth/test</c>: who is calling, with what.</summary>
public sealed record AuthTestResponse(
    [property: JsonPropertyName("valid")] bool Valid,
    [property: JsonPropertyName("account_id")] string AccountId,
    [property: JsonPropertyName("credential")] AuthTestCredential Credential,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string> Scopes,
    [property: JsonPropertyName("environment")] string Environment);

public sealed record AuthTestCredential(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("client_id")] string? ClientId);

public static class PlatformEndpoints
{
    public static IEndpointRouteBuilder MapPlatformEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Seed 003 calls it under the versioned base (https://api.example.com/v2/auth/test → {base}/api/v1/auth/test).
        foreach (var prefix in new[] { "/api", "/api/v1" })
        {
            endpoints.MapGet(prefix + "/auth/test", (HttpContext context) =>
                {
                    var caller = PlatformCaller.From(context.User)!;
                    return TypedResults.Ok(new AuthTestResponse(true, caller.AccountId,
                        new AuthTestCredential(caller.CredentialKind, caller.CredentialId, caller.ClientId),
                        caller.Scopes.Order(StringComparer.Ordinal).ToList(), caller.Environment));
                })
                .RequireAnyPlatformCaller("Tells the caller who it is; every credential may ask.")
                .WithTags("Authentication")
                .WithName(prefix == "/api" ? "AuthTest" : "AuthTestV1")
                .WithSummary("Tells who is calling: the account, the credential, its scopes and environment.");
        }

        return endpoints;
    }
}
