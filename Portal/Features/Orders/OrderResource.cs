using Notarial.Portal.Features.Platform;

namespace Notarial.Portal.Features.Orders;

/// <summary>An order as the API shows it (amounts in major units).</summary>
public sealed record OrderResource(
    string Id,
    string Number,
    string Status,
    string CustomerName,
    string? CustomerEmail,
    string Service,
    decimal Amount,
    string Currency,
    DateTimeOffset? ScheduledFor,
    string? Notes,
    string Environment,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static OrderResource From(Order order) => new(
        order.Id, order.Number, order.Status.ToString().ToLowerInvariant(), order.CustomerName, order.CustomerEmail, order.Service,
        order.AmountCents / 100m, order.Currency, order.ScheduledFor, order.Notes, order.Environment, order.CreatedAt, order.UpdatedAt);
}

/// <summary>The fields of an order a request sets; absent fields stay as they are (a partial update).</summary>
public sealed record OrderChanges
{
    public Optional<string?> CustomerName { get; init; }

    public Optional<string?> CustomerEmail { get; init; }

    public Optional<string?> Service { get; init; }

    public Optional<decimal> Amount { get; init; }

    public Optional<string?> Currency { get; init; }

    public Optional<string?> Status { get; init; }

    public Optional<DateTimeOffset?> ScheduledFor { get; init; }

    public Optional<string?> Notes { get; init; }
}

/// <summary>How to list orders.</summary>
public sealed record OrderQuery(string? Status = null, DateTimeOffset? CreatedAfter = null, DateTimeOffset? CreatedBefore = null,
    string Sort = "-created_at", string? Cursor = null, int Limit = Keyset.DefaultLimit, int MaxLimit = Keyset.MaxLimit);
