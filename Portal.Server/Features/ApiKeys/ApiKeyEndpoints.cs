using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Notarial.Portal.Features.ApiKeys;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Scopes;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Server.Features.Api;
using Notarial.Portal.Server.Features.Platform;

namespace Notarial.Portal.Server.Features.ApiKeys;

/// <summary>
/// The management API of API keys (the seed's <c>POST /api-keys</c>), on the same <see cref="ApiKeyService"/> as the
/// portal's pages. Callers: the portal session (antiforgery on changes, checked by the session scheme) or a key or token
/// with <c>keys:manage</c>, which sees its owner's keys of its own environment and never grants more than it holds.
/// Another account's key answers 404, like a key that does not exist.
/// </summary>
public static class ApiKeyEndpoints
{
    public static IEndpointRouteBuilder MapApiKeyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var keys = endpoints.MapGroup("/api/v1/keys")
            .WithTags("API keys")
            .RequireScope(ScopeCatalog.KeysManage)
            .WithMetadata(
                new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ApiErrorResponse), ["application/json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(ApiErrorResponse), ["application/json"]));

        keys.MapGet("/", ListAsync)
            .WithName("ListApiKeys")
            .WithSummary("Lists the account's API keys, newest first (a key or token sees those of its own environment).");
        keys.MapPost("/", CreateAsync)
            .WithName("CreateApiKey")
            .WithSummary("Creates an API key; the answer carries its secret, shown this once.")
            .Produces<ApiErrorResponse>(StatusCodes.Status422UnprocessableEntity);
        keys.MapGet("/{id:guid}", GetAsync)
            .WithName("GetApiKey")
            .WithSummary("Reads one API key.")
            .Produces<ApiErrorResponse>(StatusCodes.Status404NotFound);
        keys.MapPatch("/{id:guid}", UpdateAsync)
            .WithName("UpdateApiKey")
            .WithSummary("Changes an active key's name, scopes, expiry, IP allowlist or rate limit.")
            .Produces<ApiErrorResponse>(StatusCodes.Status404NotFound)
            .Produces<ApiErrorResponse>(StatusCodes.Status409Conflict)
            .Produces<ApiErrorResponse>(StatusCodes.Status422UnprocessableEntity);
        keys.MapDelete("/{id:guid}", RevokeAsync)
            .WithName("RevokeApiKey")
            .WithSummary("Revokes an API key at once, with an optional reason (?reason=).")
            .Produces<ApiErrorResponse>(StatusCodes.Status404NotFound)
            .Produces<ApiErrorResponse>(StatusCodes.Status422UnprocessableEntity);
        keys.MapPost("/{id:guid}/rotate", RotateAsync)
            .WithName("RotateApiKey")
            .WithSummary("Replaces a key by a new one with the same settings; the old one works for the grace period (now, 1h, 24h, 7d).")
            .Produces<ApiErrorResponse>(StatusCodes.Status404NotFound)
            .Produces<ApiErrorResponse>(StatusCodes.Status409Conflict)
            .Produces<ApiErrorResponse>(StatusCodes.Status422UnprocessableEntity);
        keys.MapPost("/report-leak", ReportLeakAsync)
            .AllowAnonymousPlatform("Secret scanners report keys they found; they hold no credential of the account.")
            .WithName("ReportLeakedApiKey")
            .WithSummary("Reports a leaked key (for secret scanners): a valid key is revoked. The answer is the same whatever the key was.")
            .Produces<ApiErrorResponse>(StatusCodes.Status422UnprocessableEntity);
        return endpoints;
    }

    private static async Task<Ok<ApiKeyListResponse>> ListAsync([AsParameters] ApiKeyEndpointServices services)
    {
        var keys = await services.Keys.ListAsync(ActorOf(services.Context), services.Context.RequestAborted);
        return TypedResults.Ok(new ApiKeyListResponse([.. keys.Select(ApiKeyResponse.From)]));
    }

    private static async Task<Results<Created<CreatedApiKeyResponse>, JsonHttpResult<ApiErrorResponse>>> CreateAsync(
        [AsParameters] ApiKeyEndpointServices services, CreateApiKeyRequest request)
    {
        var draft = new ApiKeyDraft(request.Name, request.Type, request.Environment, request.Scopes, request.Expires, request.AllowedIps,
            request.RequestsPerHour, request.BurstPerSecond);
        var result = await services.Keys.CreateAsync(ActorOf(services.Context), draft, services.Context.RequestAborted);
        return result.Value is { } created
            ? TypedResults.Created($"/api/v1/keys/{created.Key.Id}", new CreatedApiKeyResponse(created.Secret, ApiKeyResponse.From(created.Key)))
            : Problem(services.Context, result.Error!);
    }

    private static async Task<Results<Ok<ApiKeyResponse>, JsonHttpResult<ApiErrorResponse>>> GetAsync([AsParameters] ApiKeyEndpointServices services, Guid id)
    {
        var result = await services.Keys.GetAsync(ActorOf(services.Context), id, services.Context.RequestAborted);
        return result.Value is { } key ? TypedResults.Ok(ApiKeyResponse.From(key)) : Problem(services.Context, result.Error!);
    }

    private static async Task<Results<Ok<ApiKeyResponse>, JsonHttpResult<ApiErrorResponse>>> UpdateAsync(
        [AsParameters] ApiKeyEndpointServices services, Guid id, UpdateApiKeyRequest? request)
    {
        var changes = request is null
            ? new ApiKeyChanges()
            : new ApiKeyChanges(request.Name, request.Scopes, request.Expires, request.AllowedIps, request.RequestsPerHour, request.BurstPerSecond);
        var result = await services.Keys.UpdateAsync(ActorOf(services.Context), id, changes, services.Context.RequestAborted);
        return result.Value is { } key ? TypedResults.Ok(ApiKeyResponse.From(key)) : Problem(services.Context, result.Error!);
    }

    private static async Task<Results<Ok<ApiKeyResponse>, JsonHttpResult<ApiErrorResponse>>> RevokeAsync(
        [AsParameters] ApiKeyEndpointServices services, Guid id, string? reason)
    {
        var result = await services.Keys.RevokeAsync(ActorOf(services.Context), id, reason, services.Context.RequestAborted);
        return result.Value is { } key ? TypedResults.Ok(ApiKeyResponse.From(key)) : Problem(services.Context, result.Error!);
    }

    private static async Task<Results<Created<CreatedApiKeyResponse>, JsonHttpResult<ApiErrorResponse>>> RotateAsync(
        [AsParameters] ApiKeyEndpointServices services, Guid id, RotateApiKeyRequest? request)
    {
        var result = await services.Keys.RotateAsync(ActorOf(services.Context), id, request?.Grace, services.Context.RequestAborted);
        return result.Value is { } created
            ? TypedResults.Created($"/api/v1/keys/{created.Key.Id}", new CreatedApiKeyResponse(created.Secret, ApiKeyResponse.From(created.Key)))
            : Problem(services.Context, result.Error!);
    }

    private static async Task<Results<Accepted<LeakReportResponse>, JsonHttpResult<ApiErrorResponse>>> ReportLeakAsync(
        [AsParameters] ApiKeyEndpointServices services, LeakReportRequest? request)
    {
        var outcome = await services.Keys.ReportLeakAsync(request?.Key, RequestOrigin.From(services.Context), services.Context.RequestAborted);
        return outcome == ApiKeyLeakReport.Received
            ? TypedResults.Accepted((string?)null, new LeakReportResponse(true, "Thank you. If this was an active key, it is now revoked and its owner can see the report."))
            : Problem(services.Context, new ApiKeyError.Invalid([new(ApiKeyFields.Key, "This is not an API key of this platform (wrong format or checksum).")]));
    }

    /// <summary>Who is calling: the portal session acts with its user's rights; a key or token within its own.</summary>
    private static ApiKeyActor ActorOf(HttpContext context)
    {
        var caller = PlatformCaller.From(context.User) ?? throw new InvalidOperationException("The keys:manage policy admits platform callers only.");
        var origin = RequestOrigin.From(context);
        if (caller.CredentialKind == CredentialKinds.Session)
        {
            return ApiKeyActor.Session(caller.AccountId, origin, "api (portal session)");
        }

        var ceiling = caller.CredentialKind == CredentialKinds.ApiKey && context.Features.Get<VerifiedApiKey>() is { } key
            ? ApiKeyCeiling.Of(key)
            : new ApiKeyCeiling(caller.Scopes, caller.Environment);
        return new ApiKeyActor(caller.AccountId, origin, $"api ({caller.CredentialKind} {caller.CredentialId})", ceiling);
    }

    /// <summary>The one mapping of the service's expected failures to the error envelope.</summary>
    private static JsonHttpResult<ApiErrorResponse> Problem(HttpContext context, ApiKeyError error)
    {
        var (status, type, code, fields) = error switch
        {
            ApiKeyError.NotFound => (StatusCodes.Status404NotFound, ApiErrorTypes.InvalidRequest, "not_found", (IReadOnlyList<ApiFieldError>?)null),
            ApiKeyError.Invalid invalid => (StatusCodes.Status422UnprocessableEntity, ApiErrorTypes.InvalidRequest, "validation_failed",
                [.. invalid.Fields.Select(f => new ApiFieldError(f.Field, f.Message))]),
            ApiKeyError.BeyondRights => (StatusCodes.Status403Forbidden, ApiErrorTypes.Permission, "insufficient_scope", null),
            _ => (StatusCodes.Status409Conflict, ApiErrorTypes.InvalidRequest, "conflict", null),
        };
        return TypedResults.Json(ApiErrors.Create(context, type, code, error.Message, fields), statusCode: status);
    }
}
