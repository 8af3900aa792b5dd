using Microsoft.AspNetCore.Http.HttpResults;
using Notarial.Portal.Features.Platform;

namespace Notarial.Portal.Server.Features.Api;

/// <summary>The one place where a platform operation's result becomes an HTTP answer.</summary>
public static class ApiResults
{
    public static Results<Ok<T>, JsonHttpResult<ApiErrorResponse>> Ok<T>(HttpContext context, PlatformResult<T> result) => result switch
    {
        PlatformResult<T>.Ok ok => TypedResults.Ok(ok.Value),
        _ => Error(context, result),
    };

    public static Results<Created<T>, JsonHttpResult<ApiErrorResponse>> Created<T>(HttpContext context, PlatformResult<T> result, Func<T, string> location) => result switch
    {
        PlatformResult<T>.Ok ok => TypedResults.Created(location(ok.Value), ok.Value),
        _ => Error(context, result),
    };

    public static Results<NoContent, JsonHttpResult<ApiErrorResponse>> NoContent<T>(HttpContext context, PlatformResult<T> result) => result switch
    {
        PlatformResult<T>.Ok => TypedResults.NoContent(),
        _ => Error(context, result),
    };

    public static JsonHttpResult<ApiErrorResponse> Error<T>(HttpContext context, PlatformResult<T> result) => result switch
    {
        PlatformResult<T>.NotFound notFound => Error(context, 404, ApiErrorTypes.InvalidRequest, "not_found", notFound.Message),
        PlatformResult<T>.Invalid invalid => ValidationFailed(context, invalid.Problems),
        PlatformResult<T>.Conflict conflict => Error(context, 409, ApiErrorTypes.InvalidRequest, "conflict", conflict.Message),
        _ => throw new InvalidOperationException("Not an error result."),
    };

    public static JsonHttpResult<ApiErrorResponse> ValidationFailed(HttpContext context, IReadOnlyList<FieldProblem> problems) =>
        TypedResults.Json(ApiErrors.Create(context, ApiErrorTypes.InvalidRequest, "validation_failed",
                "The request has invalid fields: " + string.Join(", ", problems.Select(p => p.Field).Distinct()) + ".",
                problems.Select(p => new ApiFieldError(p.Field, p.Message)).ToList()),
            statusCode: StatusCodes.Status422UnprocessableEntity);

    public static JsonHttpResult<ApiErrorResponse> Error(HttpContext context, int status, string type, string code, string message) =>
        TypedResults.Json(ApiErrors.Create(context, type, code, message), statusCode: status);

    /// <summary>Declares the error answers an endpoint can give, for the OpenAPI document.</summary>
    public static RouteHandlerBuilder ProducesApiErrors(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses.Concat([401, 403, 429]).Distinct())
        {
            builder.Produces<ApiErrorResponse>(status, "application/json");
        }

        return builder;
    }
}
