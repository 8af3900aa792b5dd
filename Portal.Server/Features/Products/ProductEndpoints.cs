using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Products;
using Notarial.Portal.Features.Scopes;
using Notarial.Portal.Server.Features.Api;
using Notarial.Portal.Server.Features.Platform;

namespace Notarial.Portal.Server.Features.Products;

public static class ProductEndpoints
{
    private static readonly string[] Fields = ["name", "sku", "description", "price", "currency", "stock"];

    public static IEndpointRouteBuilder MapProductEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var products = endpoints.MapGroup("/api/v1/products").WithTags("Products");

        products.MapGet("/", ListAsync).RequireScope(ScopeCatalog.ProductsRead)
            .WithName("ListProducts").WithSummary("Lists the account's products, newest first; filter by stock or a search term; sort by price or stock; cursor paging.")
            .ProducesApiErrors(422);
        products.MapGet("/{id}", async (HttpContext http, string id, ProductService service) =>
                ApiResults.Ok(http, await service.GetAsync(Caller(http), id, http.RequestAborted)))
            .RequireScope(ScopeCatalog.ProductsRead).WithName("GetProduct").WithSummary("Gets one product.").ProducesApiErrors(404);
        products.MapPost("/", CreateAsync).RequireScope(ScopeCatalog.ProductsWrite)
            .WithName("CreateProduct").WithSummary("Creates a product.").Accepts<ProductWrite>("application/json").ProducesApiErrors(400, 409, 422);
        products.MapPatch("/{id}", UpdateAsync).RequireScope(ScopeCatalog.ProductsWrite)
            .WithName("UpdateProduct").WithSummary("Changes the fields sent; the others stay.").Accepts<ProductWrite>("application/json").ProducesApiErrors(400, 404, 409, 422);
        products.MapDelete("/{id}", async (HttpContext http, string id, ProductService service) =>
                ApiResults.NoContent(http, await service.DeleteAsync(Caller(http), id, http.RequestAborted)))
            .RequireScope(ScopeCatalog.Delete).WithName("DeleteProduct").WithSummary("Deletes a product for good.").ProducesApiErrors(404);
        return endpoints;
    }

    private static PlatformCaller Caller(HttpContext http) => PlatformCaller.From(http.User)!;

    private static async Task<Results<Ok<Page<ProductResource>>, JsonHttpResult<ApiErrorResponse>>> ListAsync(HttpContext http, ProductService service,
        string? in_stock, string? search, string? sort, string? cursor, string? limit)
    {
        var problems = new List<FieldProblem>();
        bool? inStock = null;
        if (in_stock is not null)
        {
            if (bool.TryParse(in_stock, out var parsed))
            {
                inStock = parsed;
            }
            else
            {
                problems.Add(new FieldProblem("in_stock", "true or false."));
            }
        }

        var size = Keyset.DefaultLimit;
        if (limit is not null && !int.TryParse(limit, NumberStyles.Integer, CultureInfo.InvariantCulture, out size))
        {
            problems.Add(new FieldProblem("limit", "Must be a whole number."));
        }

        if (problems.Count > 0)
        {
            return ApiResults.ValidationFailed(http, problems);
        }

        var query = new ProductQuery(inStock, search, sort ?? "-created_at", cursor, size);
        return ApiResults.Ok(http, await service.ListAsync(Caller(http), query, http.RequestAborted));
    }

    private static async Task<Results<Created<ProductResource>, JsonHttpResult<ApiErrorResponse>>> CreateAsync(HttpContext http, ProductService service)
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

        return ApiResults.Created(http, await service.CreateAsync(Caller(http), changes, http.RequestAborted), p => $"/api/v1/products/{p.Id}");
    }

    private static async Task<Results<Ok<ProductResource>, JsonHttpResult<ApiErrorResponse>>> UpdateAsync(HttpContext http, string id, ProductService service)
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

    private static ProductChanges Read(JsonBody body)
    {
        body.RejectUnknown(Fields);
        return new ProductChanges
        {
            Name = body.String("name"),
            Sku = body.String("sku"),
            Description = body.String("description"),
            Price = body.Decimal("price"),
            Currency = body.String("currency"),
            Stock = body.WholeNumber("stock"),
        };
    }
}

/// <summary>The writable fields of a product (for the OpenAPI document; the endpoint reads the body field by field).</summary>
public sealed record ProductWrite(string? Name, string? Sku, string? Description, decimal? Price, string? Currency, int? Stock);
