using System.Globalization;
using Notarial.Portal.Features.Orders;
using Notarial.Portal.Features.Platform;

namespace Notarial.Portal.Features.Imports;

/// <summary>Orders from CSV: the same fields and rules as <c>POST /api/v1/orders</c>.</summary>
public sealed class OrderImportTarget(OrderService orders) : IImportTarget
{
    public string Entity => "orders";

    public IReadOnlyList<string> Fields { get; } = ["customer_name", "customer_email", "service", "amount", "currency", "status", "scheduled_for", "notes"];

    public IReadOnlyList<string> RequiredFields { get; } = ["customer_name", "service", "amount"];

    public ImportFieldKind KindOf(string field) => field switch
    {
        "amount" => ImportFieldKind.Decimal,
        "scheduled_for" => ImportFieldKind.Date,
        _ => ImportFieldKind.Text,
    };

    public async Task<IReadOnlyDictionary<int, IReadOnlyList<FieldProblem>>> ImportAsync(PlatformCaller caller, IReadOnlyList<IReadOnlyDictionary<string, string>> rows, bool save, CancellationToken cancellationToken)
    {
        var parseProblems = new Dictionary<int, IReadOnlyList<FieldProblem>>();
        var changes = new List<OrderChanges>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var problems = new List<FieldProblem>();
            changes.Add(new OrderChanges
            {
                CustomerName = Text(row, "customer_name"),
                CustomerEmail = Text(row, "customer_email"),
                Service = Text(row, "service"),
                Amount = Number(row, "amount", problems),
                Currency = Text(row, "currency"),
                Status = Text(row, "status"),
                ScheduledFor = Date(row, "scheduled_for", problems),
                Notes = Text(row, "notes"),
            });
            if (problems.Count > 0)
            {
                parseProblems[i] = problems;
            }
        }

        if (parseProblems.Count > 0 || !save)
        {
            // Report the type problems together with the rule problems of the other rows, but import nothing.
            var ruleProblems = await orders.ValidateManyAsync(changes);
            foreach (var (index, problems) in ruleProblems)
            {
                parseProblems.TryAdd(index, problems);
            }

            return parseProblems;
        }

        return await orders.CreateManyAsync(caller, changes, cancellationToken);
    }

    private static Optional<string?> Text(IReadOnlyDictionary<string, string> row, string field) =>
        row.TryGetValue(field, out var value) && value.Length > 0 ? value : Optional<string?>.Absent;

    private static Optional<decimal> Number(IReadOnlyDictionary<string, string> row, string field, List<FieldProblem> problems)
    {
        if (!row.TryGetValue(field, out var value) || value.Length == 0)
        {
            return Optional<decimal>.Absent;
        }

        if (decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        problems.Add(new FieldProblem(field, "Must be a number with a dot for decimals, e.g. 120.50."));
        return Optional<decimal>.Absent;
    }

    private static Optional<DateTimeOffset?> Date(IReadOnlyDictionary<string, string> row, string field, List<FieldProblem> problems)
    {
        if (!row.TryGetValue(field, out var value) || value.Length == 0)
        {
            return Optional<DateTimeOffset?>.Absent;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            return date;
        }

        problems.Add(new FieldProblem(field, "Must be an ISO 8601 date, e.g. 2026-11-23 or 2026-11-23T10:00:00Z."));
        return Optional<DateTimeOffset?>.Absent;
    }
}
