using System.Globalization;
using GraphQL;
using GraphQL.Types;
using Notarial.Portal.Features.Appointments;
using Notarial.Portal.Features.Invoices;
using Notarial.Portal.Features.Orders;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Products;
using Notarial.Portal.Features.Scopes;

namespace Notarial.Portal.Server.Features.Query;

/// <summary>
/// The root fields of <c>POST /api/query</c>: every resource of the platform API, as a list (<c>products</c>) and as a
/// page with its next cursor (<c>products_page</c>). Each field checks its own scope, then asks the resource's service —
/// the same queries as the REST endpoints (account and environment first, then the caller's filters, keyset paging).
/// </summary>
public sealed class PlatformQueryType : ObjectGraphType
{
    public const int MaxFirst = 1000;
    public const int DefaultFirst = 100;

    public PlatformQueryType()
    {
        Name = "Query";

        AddList<ProductGraphType, ProductResource>("products", new PageGraphType<ProductGraphType, ProductResource>("ProductPage"), ScopeCatalog.ProductsRead,
            "The account's products, newest first unless order_by says otherwise.",
            [
                new QueryArgument<StringGraphType> { Name = "order_by", Description = "One of: " + string.Join(", ", ProductService.Sorts) + "." },
                new QueryArgument<BooleanGraphType> { Name = "in_stock", Description = "true: stock above 0; false: out of stock." },
                new QueryArgument<StringGraphType> { Name = "search", Description = "Part of the name or SKU." },
            ],
            async (context, first, after) => await Service<ProductService>(context).ListAsync(Caller(context),
                new ProductQuery(context.GetArgument<bool?>("in_stock"), context.GetArgument<string?>("search"), context.GetArgument("order_by", "-created_at"),
                    after, first, MaxFirst), context.CancellationToken));

        AddList<OrderGraphType, OrderResource>("orders", new PageGraphType<OrderGraphType, OrderResource>("OrderPage"), ScopeCatalog.OrdersRead,
            "The account's orders, newest first unless order_by says otherwise.",
            [
                new QueryArgument<StringGraphType> { Name = "order_by", Description = "One of: " + string.Join(", ", OrderService.Sorts) + "." },
                new QueryArgument<StringGraphType> { Name = "status", Description = "draft, pending, confirmed, completed or cancelled." },
                new QueryArgument<StringGraphType> { Name = "created_after", Description = "An ISO 8601 date or time." },
                new QueryArgument<StringGraphType> { Name = "created_before", Description = "An ISO 8601 date or time." },
            ],
            async (context, first, after) =>
            {
                var createdAfter = Date(context, "created_after");
                var createdBefore = Date(context, "created_before");
                return await Service<OrderService>(context).ListAsync(Caller(context),
                    new OrderQuery(context.GetArgument<string?>("status"), createdAfter, createdBefore, context.GetArgument("order_by", "-created_at"), after, first, MaxFirst),
                    context.CancellationToken);
            });

        AddList<InvoiceGraphType, InvoiceResource>("invoices", new PageGraphType<InvoiceGraphType, InvoiceResource>("InvoicePage"), ScopeCatalog.InvoicesRead,
            "The account's invoices, newest first.",
            [new QueryArgument<StringGraphType> { Name = "status", Description = "draft, open, paid or void." }],
            async (context, first, after) => await Service<InvoiceService>(context).ListAsync(Caller(context), context.GetArgument<string?>("status"), after, first,
                context.CancellationToken, MaxFirst));

        AddList<AppointmentGraphType, AppointmentResource>("appointments", new PageGraphType<AppointmentGraphType, AppointmentResource>("AppointmentPage"),
            ScopeCatalog.AppointmentsRead, "The account's appointments, soonest first.",
            [
                new QueryArgument<StringGraphType> { Name = "status", Description = "scheduled, completed or cancelled." },
                new QueryArgument<StringGraphType> { Name = "from", Description = "Only appointments starting at or after this ISO 8601 date or time." },
            ],
            async (context, first, after) => await Service<AppointmentService>(context).ListAsync(Caller(context), context.GetArgument<string?>("status"),
                Date(context, "from"), after, first, context.CancellationToken, MaxFirst));
    }

    private void AddList<TItemType, TItem>(string name, PageGraphType<TItemType, TItem> pageType, string scope, string description, QueryArgument[] filters,
        Func<IResolveFieldContext, int, string?, Task<PlatformResult<Page<TItem>>>> list)
        where TItemType : IGraphType
    {
        async Task<Page<TItem>> PageAsync(IResolveFieldContext context)
        {
            var caller = Caller(context);
            if (!ScopeCatalog.Satisfies(caller.Scopes, scope))
            {
                throw new QueryScopeError(name, scope);
            }

            var first = context.GetArgument("first", DefaultFirst);
            return await list(context, first, context.GetArgument<string?>("after")) switch
            {
                PlatformResult<Page<TItem>>.Ok ok => ok.Value,
                PlatformResult<Page<TItem>>.Invalid invalid => throw new QueryArgumentError(name, invalid.Problems),
                var other => throw new InvalidOperationException($"Unexpected result {other} of a list."),
            };
        }

        QueryArgument[] Arguments() =>
        [
            new QueryArgument<IntGraphType> { Name = "first", Description = $"How many (1 to {MaxFirst}; {DefaultFirst} when left out)." },
            new QueryArgument<StringGraphType> { Name = "after", Description = "The next_cursor of the previous page." },
            .. filters.Select(f => new QueryArgument(f.Type!) { Name = f.Name, Description = f.Description }),
        ];

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TItemType>>>>(name)
            .Description(description + $" Needs the scope {scope}.")
            .Arguments(Arguments())
            .ResolveAsync(async context => (await PageAsync(context)).Data);
        Field(name + "_page", pageType)
            .Description(description + " One page, with the cursor of the next." + $" Needs the scope {scope}.")
            .Arguments(Arguments())
            .ResolveAsync(async context => await PageAsync(context));
    }

    private static PlatformCaller Caller(IResolveFieldContext context) => ((QueryUserContext)context.UserContext).Caller;

    private static T Service<T>(IResolveFieldContext context)
        where T : notnull => context.RequestServices!.GetRequiredService<T>();

    private static DateTimeOffset? Date(IResolveFieldContext context, string argument)
    {
        var value = context.GetArgument<string?>(argument);
        if (value is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : throw new QueryArgumentError(context.FieldDefinition.Name, [new FieldProblem(argument, "Must be an ISO 8601 date, e.g. 2026-11-01 or 2026-11-01T00:00:00Z.")]);
    }
}

/// <summary>Who is asking: the resolvers read the caller from here.</summary>
public sealed class QueryUserContext(PlatformCaller caller) : Dictionary<string, object?>
{
    public PlatformCaller Caller { get; } = caller;
}

/// <summary>A root field the credential has no scope for: the whole request answers 403 insufficient_scope.</summary>
public sealed class QueryScopeError(string field, string scope) : ExecutionError($"The field '{field}' needs the scope '{scope}', which the credential does not have.")
{
    public string Scope { get; } = scope;
}

/// <summary>Arguments a root field refused (first out of range, a bad cursor, an unknown order_by...).</summary>
public sealed class QueryArgumentError(string field, IReadOnlyList<FieldProblem> problems)
    : ExecutionError($"Invalid arguments of '{field}': " + string.Join(" ", problems.Select(p => $"{ArgumentName(p.Field)}: {p.Message}")))
{
    public IReadOnlyList<FieldProblem> Problems { get; } = problems.Select(p => p with { Field = ArgumentName(p.Field) }).ToList();

    /// <summary>The services name their inputs as the REST API does; the query API's arguments are named differently.</summary>
    private static string ArgumentName(string field) => field switch
    {
        "limit" => "first",
        "cursor" => "after",
        "sort" => "order_by",
        _ => field,
    };
}
