using Microsoft.AspNetCore.Http.HttpResults;
using Notarial.Portal.Features.Applications;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Scopes;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Server.Features.Api;
using Notarial.Portal.Server.Features.Platform;

namespace Notarial.Portal.Server.Features.Applications;

/// <summary>
/// The management API of OAuth applications (seed 003's <c>POST /oauth/applications</c>, and the rest under
/// <c>/api/v1/apps</c>), on the same <see cref="ApplicationService"/> as the portal's pages. Callers: the portal session
/// (antiforgery on changes, checked by the session scheme) or a key or token with <c>apps:manage</c>, which manages its
/// owner's applications of its own environment and never gives one a scope it does not hold. Another account's
/// application answers 404, like one that does not exist.
/// </summary>
public static class ApplicationEndpoints
{
    private static readonly string[] WritableFields =
    [
        ApplicationFields.Name, ApplicationFields.Type, ApplicationFields.Description, ApplicationFields.HomepageUrl, ApplicationFields.LogoUrl,
        ApplicationFields.Environment, ApplicationFields.RedirectUris, ApplicationFields.PostLogoutRedirectUris, ApplicationFields.Scopes,
    ];

    public static IEndpointRouteBuilder MapApplicationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var apps = endpoints.MapGroup("/api/v1/apps")
            .WithTags("Applications")
            .RequireScope(ScopeCatalog.AppsManage);

        apps.MapGet("/", ListAsync)
            .WithName("ListApplications")
            .WithSummary("Lists the account's OAuth applications, newest first (a key or token sees those of its own environment).")
            .ProducesApiErrors();
        apps.MapPost("/", CreateAsync)
            .WithName("CreateApplication")
            .WithSummary("Registers an OAuth application (type web, spa or machine); the answer carries its client secret, shown this once.")
            .Accepts<CreateApplicationRequest>("application/json")
            .ProducesApiErrors(400, 422);
        apps.MapGet("/{id}", GetAsync)
            .WithName("GetApplication")
            .WithSummary("Reads one application, with its active grants and refresh tokens counted.")
            .ProducesApiErrors(404);
        apps.MapPatch("/{id}", UpdateAsync)
            .WithName("UpdateApplication")
            .WithSummary("Changes the fields sent (lists replace the whole list); \"disabled\": true stops the application and its tokens at once.")
            .Accepts<UpdateApplicationRequest>("application/json")
            .ProducesApiErrors(400, 404, 409, 422);
        apps.MapDelete("/{id}", DeleteAsync)
            .WithName("DeleteApplication")
            .WithSummary("Deletes an application: its tokens stop working at once, its grants and refresh tokens are deleted.")
            .ProducesApiErrors(404, 409);
        apps.MapPost("/{id}/secret:rotate", RotateSecretAsync)
            .WithName("RotateApplicationSecret")
            .WithSummary("Gives a confidential application a new client secret, shown once; the current one keeps working for the grace period (now, 1h, 24h, 7d).")
            .Accepts<RotateSecretRequest>("application/json")
            .ProducesApiErrors(400, 404, 409, 422);

        // Seed 003, step 1: {"name", "redirect_uris", "scopes"}. Without a type, redirect URIs make it a web app, else a machine client.
        endpoints.MapPost("/oauth/applications", CreateFromSeedAsync)
            .WithTags("Applications")
            .RequireScope(ScopeCatalog.AppsManage)
            .WithName("RegisterApplication")
            .WithSummary("Seed 003's registration: the same as POST /api/v1/apps; the answer carries the client id and secret, shown this once.")
            .Accepts<CreateApplicationRequest>("application/json")
            .ProducesApiErrors(400, 422);
        return endpoints;
    }

    private static async Task<Ok<ApplicationListResponse>> ListAsync(HttpContext http, ApplicationService applications)
    {
        var list = await applications.ListAsync(ActorOf(http), http.RequestAborted);
        return TypedResults.Ok(new ApplicationListResponse([.. list.Select(ApplicationResponse.From)]));
    }

    private static Task<Results<Created<ApplicationSecretResponse>, JsonHttpResult<ApiErrorResponse>>> CreateAsync(HttpContext http, ApplicationService applications) =>
        RegisterAsync(http, applications, seed: false);

    private static Task<Results<Created<ApplicationSecretResponse>, JsonHttpResult<ApiErrorResponse>>> CreateFromSeedAsync(HttpContext http, ApplicationService applications) =>
        RegisterAsync(http, applications, seed: true);

    private static async Task<Results<Created<ApplicationSecretResponse>, JsonHttpResult<ApiErrorResponse>>> RegisterAsync(HttpContext http, ApplicationService applications, bool seed)
    {
        var (body, error) = await JsonBody.ReadAsync(http.Request);
        if (body is null)
        {
            return BadBody(http, error!);
        }

        body.RejectUnknown(WritableFields);
        var redirectUris = body.StringList(ApplicationFields.RedirectUris);
        var type = body.String(ApplicationFields.Type).Or(null) ?? (seed ? (redirectUris.Or([]).Count > 0 ? "web" : "machine") : null);
        var draft = new ApplicationDraft(
            body.String(ApplicationFields.Name).Or(null),
            type,
            body.String(ApplicationFields.Description).Or(null),
            body.String(ApplicationFields.HomepageUrl).Or(null),
            body.String(ApplicationFields.LogoUrl).Or(null),
            List(redirectUris),
            List(body.StringList(ApplicationFields.PostLogoutRedirectUris)),
            List(body.StringList(ApplicationFields.Scopes)),
            body.String(ApplicationFields.Environment).Or(null));
        if (body.Problems.Count > 0)
        {
            return ApiResults.ValidationFailed(http, body.Problems);
        }

        var result = await applications.CreateAsync(ActorOf(http), draft, http.RequestAborted);
        return result.Value is { } created
            ? TypedResults.Created($"/api/v1/apps/{created.Application.Id}",
                new ApplicationSecretResponse(created.Application.ClientId, created.ClientSecret, ApplicationResponse.From(created.Application)))
            : Problem(http, result.Error!);
    }

    private static async Task<Results<Ok<ApplicationResponse>, JsonHttpResult<ApiErrorResponse>>> GetAsync(HttpContext http, ApplicationService applications, string id)
    {
        var result = await applications.GetAsync(ActorOf(http), id, http.RequestAborted);
        return result.Value is { } view ? TypedResults.Ok(ApplicationResponse.From(view)) : Problem(http, result.Error!);
    }

    private static async Task<Results<Ok<ApplicationResponse>, JsonHttpResult<ApiErrorResponse>>> UpdateAsync(HttpContext http, ApplicationService applications, string id)
    {
        var (body, error) = await JsonBody.ReadAsync(http.Request);
        if (body is null)
        {
            return BadBody(http, error!);
        }

        body.RejectUnknown([.. WritableFields, "disabled"]);
        // Left out: unchanged. null: cleared (an empty name or list is then refused by the rules, like an empty string).
        var changes = new ApplicationChanges(
            Text(body.String(ApplicationFields.Name)),
            Text(body.String(ApplicationFields.Description)),
            Text(body.String(ApplicationFields.HomepageUrl)),
            Text(body.String(ApplicationFields.LogoUrl)),
            List(body.StringList(ApplicationFields.RedirectUris)),
            List(body.StringList(ApplicationFields.PostLogoutRedirectUris)),
            List(body.StringList(ApplicationFields.Scopes)),
            Text(body.String(ApplicationFields.Type)),
            Text(body.String(ApplicationFields.Environment)),
            body.Boolean("disabled").Or(null));
        if (body.Problems.Count > 0)
        {
            return ApiResults.ValidationFailed(http, body.Problems);
        }

        var result = await applications.UpdateAsync(ActorOf(http), id, changes, http.RequestAborted);
        return result.Value is { } view ? TypedResults.Ok(ApplicationResponse.From(view)) : Problem(http, result.Error!);

        static string? Text(Optional<string?> value) => value.HasValue ? value.Value ?? "" : null;
    }

    private static async Task<Results<NoContent, JsonHttpResult<ApiErrorResponse>>> DeleteAsync(HttpContext http, ApplicationService applications, string id)
    {
        var result = await applications.DeleteAsync(ActorOf(http), id, http.RequestAborted);
        return result.Succeeded ? TypedResults.NoContent() : Problem(http, result.Error!);
    }

    private static async Task<Results<Ok<ApplicationSecretResponse>, JsonHttpResult<ApiErrorResponse>>> RotateSecretAsync(HttpContext http, ApplicationService applications, string id)
    {
        string? grace = null;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            var (body, error) = await JsonBody.ReadAsync(http.Request);
            if (body is null)
            {
                return BadBody(http, error!);
            }

            body.RejectUnknown([ApplicationFields.Grace]);
            grace = body.String(ApplicationFields.Grace).Or(null);
            if (body.Problems.Count > 0)
            {
                return ApiResults.ValidationFailed(http, body.Problems);
            }
        }

        var result = await applications.RotateSecretAsync(ActorOf(http), id, grace, http.RequestAborted);
        return result.Value is { } rotated
            ? TypedResults.Ok(new ApplicationSecretResponse(rotated.Application.ClientId, rotated.ClientSecret, ApplicationResponse.From(rotated.Application)))
            : Problem(http, result.Error!);
    }

    /// <summary>Who is calling: the portal session acts with its user's rights; a key or token within its own scopes and environment.</summary>
    private static ApplicationActor ActorOf(HttpContext context)
    {
        var caller = PlatformCaller.From(context.User) ?? throw new InvalidOperationException("The apps:manage policy admits platform callers only.");
        var origin = RequestOrigin.From(context);
        return caller.CredentialKind == CredentialKinds.Session
            ? ApplicationActor.Person(caller.AccountId, null, caller.Scopes.Contains(ScopeCatalog.Admin), origin, "api (portal session)")
            : new ApplicationActor(caller.AccountId, origin, caller.Scopes, caller.Environment, null,
                $"api ({caller.CredentialKind} {caller.ClientId ?? caller.CredentialId})");
    }

    private static IReadOnlyList<string?>? List(Optional<IReadOnlyList<string?>> value) => value.HasValue ? value.Value : null;

    private static JsonHttpResult<ApiErrorResponse> BadBody(HttpContext http, string message) =>
        ApiResults.Error(http, StatusCodes.Status400BadRequest, ApiErrorTypes.InvalidRequest, "invalid_request", message);

    /// <summary>The one mapping of the service's expected failures to the error envelope.</summary>
    private static JsonHttpResult<ApiErrorResponse> Problem(HttpContext http, ApplicationError error) => error switch
    {
        ApplicationError.NotFound => ApiResults.Error(http, StatusCodes.Status404NotFound, ApiErrorTypes.InvalidRequest, "not_found", error.Message),
        ApplicationError.Invalid invalid => ApiResults.ValidationFailed(http, [.. invalid.Fields.Select(f => new FieldProblem(f.Field, f.Message))]),
        ApplicationError.BeyondRights => ApiResults.Error(http, StatusCodes.Status403Forbidden, ApiErrorTypes.Permission, "insufficient_scope", error.Message),
        _ => ApiResults.Error(http, StatusCodes.Status409Conflict, ApiErrorTypes.InvalidRequest, "conflict", error.Message),
    };
}
