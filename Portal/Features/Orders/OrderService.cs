using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Webhooks;

namespace Notarial.Portal.Features.Orders;

/// <summary>
/// Orders of the calling account in the caller's environment. The account and environment filter comes first in every
/// query; another account's order id is simply not found.
/// </summary>
public sealed class OrderService(IDbContextFactory<PortalDbContext> contexts, WebhookEvents webhooks, TimeProvider time)
{
    public static IReadOnlyList<string> Sorts { get; } = ["created_at", "-created_at", "amount", "-amount"];

    public async Task<PlatformResult<Page<OrderResource>>> ListAsync(PlatformCaller caller, OrderQuery query, CancellationToken cancellationToken = default)
    {
        var problems = new PlatformValidation();
        var status = query.Status is null ? null : problems.Enum<OrderStatus>("status", query.Status, required: false);
        if (!Sorts.Contains(query.Sort))
        {
            problems.Add("sort", "One of: " + string.Join(", ", Sorts) + ".");
        }

        if (query.Limit < 1 || query.Limit > query.MaxLimit)
        {
            problems.Add("limit", $"Between 1 and {query.MaxLimit}.");
        }

        if (!Keyset.TryDecode(query.Cursor, out var cursor))
        {
            problems.Add("cursor", "Not a cursor this API returned.");
        }

        if (!problems.IsValid)
        {
            return new PlatformResult<Page<OrderResource>>.Invalid(problems.Problems);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var orders = db.Set<Order>().AsNoTracking().Where(o => o.AccountId == caller.AccountId && o.Environment == caller.Environment);
        if (status is { } s)
        {
            orders = orders.Where(o => o.Status == s);
        }

        if (query.CreatedAfter is { } after)
        {
            orders = orders.Where(o => o.CreatedAt > after);
        }

        if (query.CreatedBefore is { } before)
        {
            orders = orders.Where(o => o.CreatedAt < before);
        }

        var descending = query.Sort.StartsWith('-');
        List<Order> rows;
        Func<Order, (long, string)> cursorOf;
        if (query.Sort.EndsWith("amount", StringComparison.Ordinal))
        {
            rows = await Keyset.Apply(orders, o => o.AmountCents, o => o.Id, descending, cursor, query.Limit).ToListAsync(cancellationToken);
            cursorOf = o => (o.AmountCents, o.Id);
        }
        else
        {
            var typed = cursor is { } c ? (new DateTimeOffset(c.Key, TimeSpan.Zero), c.Id) : ((DateTimeOffset, string)?)null;
            rows = await Keyset.Apply(orders, o => o.CreatedAt, o => o.Id, descending, typed, query.Limit).ToListAsync(cancellationToken);
            cursorOf = o => (o.CreatedAt.UtcTicks, o.Id);
        }

        return Keyset.ToPage(rows, query.Limit, cursorOf, OrderResource.From);
    }

    public async Task<PlatformResult<OrderResource>> GetAsync(PlatformCaller caller, string id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var order = await Find(db, caller, id).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        return order is null ? NotFound(id) : OrderResource.From(order);
    }

    public async Task<PlatformResult<OrderResource>> CreateAsync(PlatformCaller caller, OrderChanges changes, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var order = new Order
        {
            Id = RecordIds.New("ord", now),
            AccountId = caller.AccountId,
            Environment = caller.Environment,
            Number = NewNumber(now),
            Status = OrderStatus.Pending,
            CreatedAt = now,
        };
        var problems = Apply(order, changes, creating: true);
        if (!problems.IsValid)
        {
            return new PlatformResult<OrderResource>.Invalid(problems.Problems);
        }

        order.UpdatedAt = now;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Set<Order>().Add(order);
        await PublishAsync(db, caller, WebhookEventTypes.OrderCreated, order, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return OrderResource.From(order);
    }

    /// <summary>Creates many orders in one transaction, all or none (the import). Returns the problems by row index.</summary>
    public async Task<IReadOnlyDictionary<int, IReadOnlyList<FieldProblem>>> CreateManyAsync(PlatformCaller caller, IReadOnlyList<OrderChanges> rows, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var problems = new Dictionary<int, IReadOnlyList<FieldProblem>>();
        var orders = new List<Order>();
        for (var i = 0; i < rows.Count; i++)
        {
            var order = new Order
            {
                Id = RecordIds.New("ord", now),
                AccountId = caller.AccountId,
                Environment = caller.Environment,
                Number = NewNumber(now),
                Status = OrderStatus.Pending,
                CreatedAt = now,
                UpdatedAt = now,
            };
            var validation = Apply(order, rows[i], creating: true);
            if (validation.IsValid)
            {
                orders.Add(order);
            }
            else
            {
                problems[i] = validation.Problems;
            }
        }

        if (problems.Count == 0)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            db.Set<Order>().AddRange(orders);

            // One event for the file rather than one per row: an import may hold 50,000 orders.
            await webhooks.EnqueueAsync(db, caller.AccountId, caller.Environment, WebhookEventTypes.ImportCompleted,
                new { entity = "orders", imported = orders.Count }, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        return problems;
    }

    /// <summary>Checks rows against the order rules without saving anything (to report every problem of an import at once).</summary>
    public Task<IReadOnlyDictionary<int, IReadOnlyList<FieldProblem>>> ValidateManyAsync(IReadOnlyList<OrderChanges> rows)
    {
        var problems = new Dictionary<int, IReadOnlyList<FieldProblem>>();
        for (var i = 0; i < rows.Count; i++)
        {
            var validation = Apply(new Order(), rows[i], creating: true);
            if (!validation.IsValid)
            {
                problems[i] = validation.Problems;
            }
        }

        return Task.FromResult<IReadOnlyDictionary<int, IReadOnlyList<FieldProblem>>>(problems);
    }

    public async Task<PlatformResult<OrderResource>> UpdateAsync(PlatformCaller caller, string id, OrderChanges changes, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var order = await Find(db, caller, id).FirstOrDefaultAsync(cancellationToken);
        if (order is null)
        {
            return NotFound(id);
        }

        var problems = Apply(order, changes, creating: false);
        if (!problems.IsValid)
        {
            return new PlatformResult<OrderResource>.Invalid(problems.Problems);
        }

        order.UpdatedAt = time.GetUtcNow();
        await PublishAsync(db, caller, WebhookEventTypes.OrderUpdated, order, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return OrderResource.From(order);
    }

    public async Task<PlatformResult<OrderResource>> DeleteAsync(PlatformCaller caller, string id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var order = await Find(db, caller, id).FirstOrDefaultAsync(cancellationToken);
        if (order is null)
        {
            return NotFound(id);
        }

        db.Set<Order>().Remove(order);
        await PublishAsync(db, caller, WebhookEventTypes.OrderDeleted, order, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return OrderResource.From(order);
    }

    /// <summary>Adds the order's webhook event to the change's own transaction.</summary>
    private Task<string?> PublishAsync(PortalDbContext db, PlatformCaller caller, string type, Order order, CancellationToken cancellationToken) =>
        webhooks.EnqueueAsync(db, caller.AccountId, caller.Environment, type, OrderResource.From(order), cancellationToken);

    private static IQueryable<Order> Find(PortalDbContext db, PlatformCaller caller, string id) =>
        db.Set<Order>().Where(o => o.Id == id && o.AccountId == caller.AccountId && o.Environment == caller.Environment);

    private static PlatformResult<OrderResource> NotFound(string id) => new PlatformResult<OrderResource>.NotFound($"No order '{id}'.");

    private static PlatformValidation Apply(Order order, OrderChanges changes, bool creating)
    {
        var v = new PlatformValidation();
        var name = v.Text("customer_name", changes.CustomerName, 200, required: creating || changes.CustomerName.HasValue);
        var email = v.Email("customer_email", changes.CustomerEmail);
        var service = v.Text("service", changes.Service, 100, required: creating || changes.Service.HasValue);
        var amount = v.Money("amount", changes.Amount, required: creating);
        var currency = v.Currency("currency", changes.Currency);
        var status = v.Enum<OrderStatus>("status", changes.Status, required: false);
        var notes = v.Text("notes", changes.Notes, 2000, required: false, multiline: true);
        if (!v.IsValid)
        {
            return v;
        }

        if (name is not null)
        {
            order.CustomerName = name;
        }

        if (changes.CustomerEmail.HasValue)
        {
            order.CustomerEmail = email;
        }

        if (service is not null)
        {
            order.Service = service;
        }

        if (amount is { } cents)
        {
            order.AmountCents = cents;
        }

        if (currency is not null)
        {
            order.Currency = currency;
        }

        if (status is { } s)
        {
            order.Status = s;
        }

        if (changes.ScheduledFor.HasValue)
        {
            order.ScheduledFor = changes.ScheduledFor.Value?.ToUniversalTime();
        }

        if (changes.Notes.HasValue)
        {
            order.Notes = notes;
        }

        return v;
    }

    /// <summary>ORD-YYYYMMDD-XXXXX: readable, and unique enough per account without a counter (five random characters).</summary>
    private static string NewNumber(DateTimeOffset now)
    {
        const string alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
        Span<char> suffix = stackalloc char[5];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }

        return $"ORD-{now:yyyyMMdd}-{suffix}";
    }
}
