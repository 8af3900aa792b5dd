using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.AspNetCore.OData;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.AspNetCore.OData.Query.Validator;
using Microsoft.AspNetCore.OData.Query.Wrapper;
using Microsoft.EntityFrameworkCore;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.ModelBuilder;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Appointments;
using Notarial.Portal.Features.Invoices;
using Notarial.Portal.Features.Orders;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Products;
using Notarial.Portal.Features.Scopes;
using Notarial.Portal.Server.Features.Api;
using Notarial.Portal.Server.Features.Platform;

namespace Notarial.Portal.Server.Features.OData;

/// <summary>
/// Seed 002's OData access: <c>GET /odata/{products,orders,invoices,appointments}</c> with <c>$select</c>, <c>$filter</c>,
/// <c>$orderby</c>, <c>$top</c>, <c>$skip</c> and <c>$count</c>, parsed and translated by Microsoft.AspNetCore.OData onto
/// the database query. The account and environment filter is the query's root, before any option; pages hold at most
/// 1000 rows with an <c>@odata.nextLink</c>; filters are bounded in size and nodes; every refusal is a 400 in the envelope.
/// </summary>
public static class ODataEndpoints
{
    public const int MaxTop = 1000;
    public const int MaxQueryLength = 4096;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static readonly ODataValidationSettings Validation = new()
    {
        MaxTop = MaxTop,
        MaxSkip = 1_000_000,
        MaxNodeCount = 60,
        MaxOrderByNodeCount = 4,
        MaxAnyAllExpressionDepth = 1,
        MaxExpansionDepth = 0,
        AllowedQueryOptions = AllowedQueryOptions.Select | AllowedQueryOptions.Filter | AllowedQueryOptions.OrderBy | AllowedQueryOptions.Top |
                              AllowedQueryOptions.Skip | AllowedQueryOptions.Count,
    };

    public static IServiceCollection AddODataQueries(this IServiceCollection services)
    {
        services.AddOData();
        services.AddSingleton(BuildModel());
        return services;
    }

    private static IEdmModel BuildModel()
    {
        var builder = new ODataConventionModelBuilder { Namespace = "Notarial" };
        // Every property may be selected, filtered and sorted on; the limits are in the validation settings.
        builder.EntitySet<ProductRow>("products").EntityType.Select().Filter().OrderBy().Count().Page(MaxTop, null);
        builder.EntitySet<OrderRow>("orders").EntityType.Select().Filter().OrderBy().Count().Page(MaxTop, null);
        builder.EntitySet<InvoiceRow>("invoices").EntityType.Select().Filter().OrderBy().Count().Page(MaxTop, null);
        builder.EntitySet<AppointmentRow>("appointments").EntityType.Select().Filter().OrderBy().Count().Page(MaxTop, null);
        return builder.GetEdmModel();
    }

    public static IEndpointRouteBuilder MapODataEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var odata = endpoints.MapGroup("/odata").WithTags("OData").ExcludeFromDescription();
        odata.MapGet("/products", (HttpContext http, IDbContextFactory<PortalDbContext> contexts, IEdmModel model) =>
                QueryAsync(http, contexts, model, "products", r => r.Id, (db, caller) => ProductService.Owned(db, caller).Select(p => new ProductRow
                {
                    Id = p.Id,
                    Name = p.Name,
                    Sku = p.Sku,
                    Description = p.Description,
                    Price = p.PriceCents / 100.0,
                    Currency = p.Currency,
                    Stock = p.Stock,
                    CreatedAt = p.CreatedAt,
                    UpdatedAt = p.UpdatedAt,
                })))
            .RequireScope(ScopeCatalog.ProductsRead).WithName("ODataProducts");
        odata.MapGet("/orders", (HttpContext http, IDbContextFactory<PortalDbContext> contexts, IEdmModel model) =>
                QueryAsync(http, contexts, model, "orders", r => r.Id, (db, caller) => db.Set<Order>().AsNoTracking()
                    .Where(o => o.AccountId == caller.AccountId && o.Environment == caller.Environment).Select(o => new OrderRow
                    {
                        Id = o.Id,
                        Number = o.Number,
                        Status = o.Status.ToString().ToLower(),
                        CustomerName = o.CustomerName,
                        CustomerEmail = o.CustomerEmail,
                        Service = o.Service,
                        Amount = o.AmountCents / 100.0,
                        Currency = o.Currency,
                        ScheduledFor = o.ScheduledFor,
                        CreatedAt = o.CreatedAt,
                    })))
            .RequireScope(ScopeCatalog.OrdersRead).WithName("ODataOrders");
        odata.MapGet("/invoices", (HttpContext http, IDbContextFactory<PortalDbContext> contexts, IEdmModel model) =>
                QueryAsync(http, contexts, model, "invoices", r => r.Id, (db, caller) => db.Set<Invoice>().AsNoTracking()
                    .Where(i => i.AccountId == caller.AccountId && i.Environment == caller.Environment).Select(i => new InvoiceRow
                    {
                        Id = i.Id,
                        Number = i.Number,
                        OrderId = i.OrderId,
                        Status = i.Status.ToString().ToLower(),
                        Amount = i.AmountCents / 100.0,
                        Currency = i.Currency,
                        IssuedAt = i.IssuedAt,
                        DueAt = i.DueAt,
                        PaidAt = i.PaidAt,
                    })))
            .RequireScope(ScopeCatalog.InvoicesRead).WithName("ODataInvoices");
        odata.MapGet("/appointments", (HttpContext http, IDbContextFactory<PortalDbContext> contexts, IEdmModel model) =>
                QueryAsync(http, contexts, model, "appointments", r => r.Id, (db, caller) => db.Set<Appointment>().AsNoTracking()
                    .Where(a => a.AccountId == caller.AccountId && a.Environment == caller.Environment).Select(a => new AppointmentRow
                    {
                        Id = a.Id,
                        OrderId = a.OrderId,
                        Title = a.Title,
                        NotaryName = a.NotaryName,
                        Location = a.Location,
                        Status = a.Status.ToString().ToLower(),
                        StartsAt = a.StartsAt,
                        EndsAt = a.EndsAt,
                    })))
            .RequireScope(ScopeCatalog.AppointmentsRead).WithName("ODataAppointments");
        return endpoints;
    }

    private static async Task QueryAsync<TRow>(HttpContext http, IDbContextFactory<PortalDbContext> contexts, IEdmModel model, string set,
        Expression<Func<TRow, string>> key, Func<PortalDbContext, PlatformCaller, IQueryable<TRow>> owned)
        where TRow : class
    {
        if (http.Request.QueryString.Value is { Length: > MaxQueryLength })
        {
            await RefuseAsync(http, $"The query string is longer than {MaxQueryLength} characters.");
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(http.RequestAborted);
        List<TRow> rows;
        long? count;
        int skip;
        int? top;
        int pageSize;
        ODataQueryOptions<TRow> options;
        try
        {
            options = new ODataQueryOptions<TRow>(new ODataQueryContext(model, typeof(TRow), null), http.Request);
            options.Validate(Validation);

            // The caller's account and environment first; the caller's $filter and $orderby only narrow and sort that.
            var settings = new ODataQuerySettings { HandleNullPropagation = HandleNullPropagationOption.False, EnsureStableOrdering = false };
            var query = owned(db, PlatformCaller.From(http.User)!);
            if (options.Filter is not null)
            {
                query = (IQueryable<TRow>)options.Filter.ApplyTo(query, settings);
            }

            count = options.Count?.Value == true ? await query.LongCountAsync(http.RequestAborted) : null;
            query = options.OrderBy is not null
                ? ((IOrderedQueryable<TRow>)options.OrderBy.ApplyTo(query, settings)).ThenBy(key)
                : query.OrderBy(key);

            skip = options.Skip?.Value ?? 0;
            top = options.Top?.Value;
            pageSize = Math.Min(top ?? MaxTop, MaxTop);
            rows = await query.Skip(skip).Take(pageSize + 1).ToListAsync(http.RequestAborted);
        }
        catch (Exception exception) when (exception is ODataException or ArgumentException or NotSupportedException ||
                                          (exception is InvalidOperationException && exception.Message.Contains("could not be translated", StringComparison.Ordinal)))
        {
            await RefuseAsync(http, exception.Message);
            return;
        }

        var hasMore = rows.Count > pageSize;
        if (hasMore)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        // $select shapes the (at most 1000) rows already read; the database query selected every column of the set.
        IEnumerable<object> values = rows;
        if (options.SelectExpand is not null)
        {
            values = options.SelectExpand.ApplyTo(rows.AsQueryable(), new ODataQuerySettings()).Cast<ISelectExpandWrapper>().Select(w => (object)w.ToDictionary());
        }

        http.Response.ContentType = "application/json; odata.metadata=minimal; charset=utf-8";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("@odata.context", $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/odata/$metadata#{set}");
            if (count is { } total)
            {
                writer.WriteNumber("@odata.count", total);
            }

            writer.WritePropertyName("value");
            JsonSerializer.Serialize(writer, values, Json);
            if (hasMore && (top is null || top > pageSize))
            {
                writer.WriteString("@odata.nextLink", NextLink(http.Request, skip + pageSize, top - pageSize));
            }

            writer.WriteEndObject();
        }

        // Kestrel refuses synchronous writes; the answer (at most a page) is built in memory and written once.
        await http.Response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted);
    }

    private static string NextLink(HttpRequest request, int skip, int? top)
    {
        var query = request.Query.Where(p => p.Key is not ("$skip" or "$top"))
            .Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value.ToString()))
            .Append("$skip=" + skip.ToString(CultureInfo.InvariantCulture));
        if (top is { } remaining)
        {
            query = query.Append("$top=" + remaining.ToString(CultureInfo.InvariantCulture));
        }

        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?{string.Join('&', query)}";
    }

    private static Task RefuseAsync(HttpContext http, string message) =>
        ApiErrors.WriteAsync(http, StatusCodes.Status400BadRequest, ApiErrorTypes.InvalidRequest, "invalid_request", "The OData query is not valid: " + message);
}
