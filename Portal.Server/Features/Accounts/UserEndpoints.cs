using System.Globalization;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Server.Features.Api;
using Notarial.Portal.Server.Features.Platform;

namespace Notarial.Portal.Server.Features.Accounts;

/// <summary>Seed 003, step 4: <c>GET {api}/users</c> with the access token of an authorization code flow.</summary>
public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/users", async (HttpContext http, UserDirectory users, string? search, string? cursor, string? limit) =>
                int.TryParse(limit ?? Keyset.DefaultLimit.ToString(CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out var size)
                    ? ApiResults.Ok(http, await users.ListAsync(PlatformCaller.From(http.User)!, search, cursor, size, http.RequestAborted))
                    : ApiResults.Ok(http, PlatformResult<Page<UserResource>>.Fail("limit", "Must be a whole number.")))
            .RequireAnyPlatformCaller("Shows only what the caller may see: its own account; every account for an admin credential.")
            .WithTags("Users")
            .WithName("ListUsers")
            .WithSummary("Lists the users the caller may see: its own account, or every account (paged, searchable) for an admin credential.")
            .ProducesApiErrors(422);
        return endpoints;
    }
}
