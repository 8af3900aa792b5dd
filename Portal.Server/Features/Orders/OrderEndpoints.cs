using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Notarial.Portal.Features.Orders;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Scopes;
using Notarial.Portal.Server.Features.Api;
using Notarial.Portal.Server.Features.Platform;

namespace Notarial.Portal.Server.Features.Orders;

public static class OrderEndpoints
{
    private static readonly string[] Fields = ["customer_name", "customer_email", "service", "amount", "currency", "status", "scheduled_for", "notes"];

    public static IEndpointRouteBuilder MapOrderEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var orders = endpoints.MapGroup("/api/v1/orders").WithTags("Orders");

        orders.MapGet("/", ListAsync).RequireScope(ScopeCatalog.OrdersRead)
            .WithName("ListOrders").WithSummary("Lists the account's orders, newest first; filter by status and creation date; cursor paging.")
            .ProducesApiErrors(422);
        orders.MapGet("/{id}", async (HttpContext http, string id, OrderService service) =>
                ApiResults.Ok(http, await service.GetAsync(Caller(http), id, http.RequestAborted)))
            .RequireScope(ScopeCatalog.OrdersRead).WithName("GetOrder").WithSummary("Gets one order.").ProducesApiErrors(404);
        orders.MapPost("/", CreateAsync).RequireScope(ScopeCatalog.OrdersWrite)
            .WithName("CreateOrder").WithSummary("Creates an order.").Accepts<OrderWrite>("application/json").ProducesApiErrors(400, 422);
        orders.MapPatch("/{id}", UpdateAsync).RequireScope(ScopeCatalog.OrdersWrite)
            .WithName("UpdateOrder").WithSummary("Changes the fields sent; the others stay.").Accepts<OrderWrite>("application/json").ProducesApiErrors(400, 404, 422);
        orders.MapDelete("/{id}", async (HttpContext http, string id, OrderService service) =>
                ApiResults.NoContent(http, await service.DeleteAsync(Caller(http), id, http.RequestAborted)))
            .RequireScope(ScopeCatalog.Delete).WithName("DeleteOrder").WithSummary("Deletes an order for good.").ProducesApiErrors(404);
        return endpoints;
    }

    private static PlatformCaller Caller(HttpContext http) => PlatformCaller.From(http.User)!;

    private static async Task<Results<Ok<Page<OrderResource>>, JsonHttpResult<ApiErrorResponse>>> ListAsync(HttpContext http, OrderService service,
        string? status, string? created_after, string? created_before, string? sort, string? cursor, string? limit)
    {
        var problems = new List<FieldProblem>();
        var after = ParseDate("created_after", created_after, problems);
        var before = ParseDate("created_before", created_before, problems);
        var size = Keyset.DefaultLimit;
        if (limit is not null && !int.TryParse(limit, NumberStyles.Integer, CultureInfo.InvariantCulture, out size))
        {
            problems.Add(new FieldProblem("limit", "Must be a whole number."));
        }

        if (problems.Count > 0)
        {
            return ApiResults.ValidationFailed(http, problems);
        }

        var query = new OrderQuery(status, after, before, sort ?? "-created_at", cursor, size);
        return ApiResults.Ok(http, await service.ListAsync(Caller(http), query, http.RequestAborted));
    }

    private static async Task<Results<Created<OrderResource>, JsonHttpResult<ApiErrorResponse>>> CreateAsync(HttpContext http, OrderService service)
    {
        var (body, error) = await JsonBody.ReadAsync(http.Request);
        if (body is null)
        {
            return ApiResults.Error(http, 400, ApiErrorTypes.InvalidRequest, "invalid_request", error!);
        }

        var changes = Read(body);
        if (body.Problems.Count > 0)
        {
            return ApiResults.ValidationFailed(http, body.Problems);
        }

        return ApiResults.Created(http, await service.CreateAsync(Caller(http), changes, http.RequestAborted), o => $"/api/v1/orders/{o.Id}");
    }

    private static async Task<Results<Ok<OrderResource>, JsonHttpResult<ApiErrorResponse>>> UpdateAsync(HttpContext http, string id, OrderService service)
    {
        var (body, error) = await JsonBody.ReadAsync(http.Request);
        if (body is null)
        {
            return ApiResults.Error(http, 400, ApiErrorTypes.InvalidRequest, "invalid_request", error!);
        }

        var changes = Read(body);
        if (body.Problems.Count > 0)
        {
            return ApiResults.ValidationFailed(http, body.Problems);
        }

        return ApiResults.Ok(http, await service.UpdateAsync(Caller(http), id, changes, http.RequestAborted));
    }

    private static OrderChanges Read(JsonBody body)
    {
        body.RejectUnknown(Fields);
        return new OrderChanges
        {
            CustomerName = body.String("customer_name"),
            CustomerEmail = body.String("customer_email"),
            Service = body.String("service"),
            Amount = body.Decimal("amount"),
            Currency = body.String("currency"),
            Status = body.String("status"),
            ScheduledFor = body.DateTime("scheduled_for"),
            Notes = body.String("notes"),
        };
    }

    private static DateTimeOffset? ParseDate(string field, string? value, List<FieldProblem> problems)
    {
        if (value is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }

        problems.Add(new FieldProblem(field, "Must be an ISO 8601 date, e.g. 2026-11-01 or 2026-11-01T00:00:00Z."));
        return null;
    }
}

/// <summary>The writable fields of an order (for the OpenAPI document; the endpoint reads the body field by field).</summary>
public sealed record OrderWrite(string? CustomerName, string? CustomerEmail, string? Service, decimal? Amount, string? Currency, string? Status,
    DateTimeOffset? ScheduledFor, string? Notes);
