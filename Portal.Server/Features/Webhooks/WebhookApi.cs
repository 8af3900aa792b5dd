using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Scopes;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Features.Webhooks;
using Notarial.Portal.Server.Features.Api;
using Notarial.Portal.Server.Features.Platform;

namespace Notarial.Portal.Server.Features.Webhooks;

/// <summary>
/// The webhook API (<c>/api/v1/webhooks</c>, scope <c>webhooks:manage</c>) on the same <see cref="WebhookService"/> as the
/// portal's pages. A key or token sees its owner's endpoints of its own environment; the portal session (antiforgery on
/// changes) sees all of its user's. Another account's endpoint answers 404, like one that does not exist.
/// </summary>
public static class WebhookApi
{
    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var hooks = endpoints.MapGroup("/api/v1/webhooks")
            .WithTags("Webhooks")
            .RequireScope(ScopeCatalog.WebhooksManage)
            .WithMetadata(
                new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ApiErrorResponse), ["application/json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(ApiErrorResponse), ["application/json"]));

        hooks.MapGet("/", ListAsync).WithName("ListWebhookEndpoints").WithSummary("Lists the account's webhook endpoints, newest first.");
        hooks.MapPost("/", CreateAsync).WithName("CreateWebhookEndpoint")
            .WithSummary("Registers an endpoint; the answer carries its signing secret, shown this once.").ProducesApiErrors(422);
        hooks.MapGet("/events", Events).WithName("ListWebhookEventTypes").WithSummary("The events an endpoint can subscribe to, each with a sample body.");
        hooks.MapGet("/{id:guid}", GetAsync).WithName("GetWebhookEndpoint").WithSummary("Reads one endpoint.").ProducesApiErrors(404);
        hooks.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateWebhookEndpoint")
            .WithSummary("Changes an endpoint's URL, description or events, or enables / disables it.").ProducesApiErrors(404, 422);
        hooks.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteWebhookEndpoint").WithSummary("Deletes an endpoint and its delivery log.").ProducesApiErrors(404);
        hooks.MapPost("/{id:guid}/rotate-secret", RotateAsync).WithName("RotateWebhookSecret")
            .WithSummary("Gives the endpoint a new signing secret (shown once); the old one keeps signing for the grace period (now, 1h, 24h, 7d).")
            .ProducesApiErrors(404, 422);
        hooks.MapPost("/{id:guid}/test", TestAsync).WithName("SendWebhookTestEvent")
            .WithSummary("Sends a webhook.test event now; the answer is the delivery with its attempt.").ProducesApiErrors(404);
        hooks.MapGet("/{id:guid}/deliveries", DeliveriesAsync).WithName("ListWebhookDeliveries")
            .WithSummary("The endpoint's deliveries, newest first, with every attempt, a page at a time: page (from 1, default 1) and limit (default 25, at most 100); has_more says whether page + 1 holds more.")
            .ProducesApiErrors(404, 422);
        hooks.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/resend", ResendAsync).WithName("ResendWebhookDelivery")
            .WithSummary("Sends a delivery's event again now (same event id), as a new delivery.").ProducesApiErrors(404);
        return endpoints;
    }

    private static async Task<Ok<WebhookList<WebhookEndpointView>>> ListAsync(HttpContext http, WebhookService webhooks) =>
        TypedResults.Ok(new WebhookList<WebhookEndpointView>(await webhooks.ListAsync(ActorOf(http), http.RequestAborted)));

    private static async Task<Results<Created<CreatedWebhookEndpoint>, JsonHttpResult<ApiErrorResponse>>> CreateAsync(
        HttpContext http, WebhookService webhooks, CreateWebhookRequest? request)
    {
        var draft = new WebhookDraft(request?.Url, request?.Description, request?.Events, request?.Environment);
        return ApiResults.Created(http, await webhooks.CreateAsync(ActorOf(http), draft, http.RequestAborted), c => $"/api/v1/webhooks/{c.Endpoint.Id}");
    }

    private static Ok<WebhookList<WebhookEventTypeResponse>> Events(TimeProvider time)
    {
        var now = time.GetUtcNow();
        return TypedResults.Ok(new WebhookList<WebhookEventTypeResponse>([.. WebhookEventTypes.All.Append(WebhookEventTypes.TestEvent)
            .Select(t => new WebhookEventTypeResponse(t.Name, t.Group, t.Description, JsonDocument.Parse(WebhookEventTypes.SamplePayload(t, now)).RootElement.Clone()))]));
    }

    private static async Task<Results<Ok<WebhookEndpointView>, JsonHttpResult<ApiErrorResponse>>> GetAsync(HttpContext http, WebhookService webhooks, Guid id) =>
        ApiResults.Ok(http, await webhooks.GetAsync(ActorOf(http), id, http.RequestAborted));

    private static async Task<Results<Ok<WebhookEndpointView>, JsonHttpResult<ApiErrorResponse>>> UpdateAsync(
        HttpContext http, WebhookService webhooks, Guid id, UpdateWebhookRequest? request)
    {
        var changes = new WebhookChanges(request?.Url, request?.Description, request?.Events, request?.Enabled);
        return ApiResults.Ok(http, await webhooks.UpdateAsync(ActorOf(http), id, changes, http.RequestAborted));
    }

    private static async Task<Results<NoContent, JsonHttpResult<ApiErrorResponse>>> DeleteAsync(HttpContext http, WebhookService webhooks, Guid id) =>
        ApiResults.NoContent(http, await webhooks.DeleteAsync(ActorOf(http), id, http.RequestAborted));

    private static async Task<Results<Ok<CreatedWebhookEndpoint>, JsonHttpResult<ApiErrorResponse>>> RotateAsync(
        HttpContext http, WebhookService webhooks, Guid id, RotateWebhookSecretRequest? request) =>
        ApiResults.Ok(http, await webhooks.RotateSecretAsync(ActorOf(http), id, request?.Grace ?? "24h", http.RequestAborted));

    private static async Task<Results<Ok<WebhookDeliveryView>, JsonHttpResult<ApiErrorResponse>>> TestAsync(HttpContext http, WebhookService webhooks, Guid id) =>
        ApiResults.Ok(http, await webhooks.SendTestAsync(ActorOf(http), id, http.RequestAborted));

    private static async Task<Results<Ok<WebhookDeliveryPage>, JsonHttpResult<ApiErrorResponse>>> DeliveriesAsync(
        HttpContext http, WebhookService webhooks, Guid id, string? limit, string? page)
    {
        var problems = new List<FieldProblem>();
        var size = Whole(limit, "limit", 25, problems);
        var number = Whole(page, "page", 1, problems);
        if (problems.Count > 0)
        {
            return ApiResults.ValidationFailed(http, problems);
        }

        return ApiResults.Ok(http, await webhooks.ListDeliveriesAsync(ActorOf(http), id, size, number, http.RequestAborted));
    }

    private static int Whole(string? value, string field, int fallback, List<FieldProblem> problems)
    {
        if (value is null)
        {
            return fallback;
        }

        if (int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        problems.Add(new FieldProblem(field, "Must be a whole number."));
        return fallback;
    }

    private static async Task<Results<Ok<WebhookDeliveryView>, JsonHttpResult<ApiErrorResponse>>> ResendAsync(
        HttpContext http, WebhookService webhooks, Guid id, Guid deliveryId) =>
        ApiResults.Ok(http, await webhooks.ResendAsync(ActorOf(http), id, deliveryId, http.RequestAborted));

    /// <summary>Who is calling: the portal session acts for its user in both environments; a key or token in its own.</summary>
    private static WebhookActor ActorOf(HttpContext context)
    {
        var caller = PlatformCaller.From(context.User) ?? throw new InvalidOperationException("The webhooks:manage policy admits platform callers only.");
        var origin = RequestOrigin.From(context);
        return caller.CredentialKind == CredentialKinds.Session
            ? WebhookActor.Session(caller.AccountId, origin, "api (portal session)")
            : new WebhookActor(caller.AccountId, origin, $"api ({caller.CredentialKind} {caller.CredentialId})", caller.Environment);
    }
}
