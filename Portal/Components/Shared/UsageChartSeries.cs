namespace Notarial.Portal.Components.Shared;

/// <summary>A named line or stack of <see cref="UsageChart"/>: one value per label (null: no value at that point).</summary>
public sealed record UsageChartSeries(string Name, IReadOnlyList<double?> Values, string Color);

public enum UsageChartKind
{
    Line,
    StackedBar,
    Bar,
}
