using System.Globalization;
using Microsoft.AspNetCore.Components;
using Notarial.Portal.Components.Shared;

namespace Notarial.Portal.Features.Usage;

public partial class UsageDashboard
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;
    private UsageQuery? _loaded;
    private UsageReport? _report;
    private string[] _labels = [];
    private List<UsageChartSeries> _statusSeries = [];
    private List<UsageChartSeries> _errorSeries = [];
    private List<UsageChartSeries> _latencySeries = [];

    [Inject]
    private UsageReports Reports { get; set; } = default!;

    [Parameter, EditorRequired]
    public UsageQuery Query { get; set; } = default!;

    [Parameter]
    public string EmptyTitle { get; set; } = "No requests in this range";

    [Parameter]
    public RenderFragment? EmptyText { get; set; }

    [Parameter]
    public RenderFragment? EmptyActions { get; set; }

    /// <summary>How to read the report; by default the account's own usage (<see cref="UsageReports.GetAsync"/>). The admin
    /// area passes its own, which checks staff powers and reads platform-wide.</summary>
    [Parameter]
    public Func<UsageQuery, Task<UsageReport>>? Load { get; set; }

    /// <summary>The report once loaded, for pages that show more from it (addresses, unused scopes).</summary>
    [Parameter]
    public EventCallback<UsageReport> OnLoaded { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (Query == _loaded)
        {
            return;
        }

        _loaded = Query;
        _report = null;
        var report = Load is { } load ? await load(Query) : await Reports.GetAsync(Query);
        if (Query != report.Query)
        {
            return;
        }

        Show(report);
        await OnLoaded.InvokeAsync(report);
    }

    private void Show(UsageReport report)
    {
        var hourly = report.Query.BucketSize < TimeSpan.FromDays(1);
        var every = Math.Max(1, (int)Math.Ceiling(report.Buckets.Count / 8.0));
        _labels = report.Buckets.Select((b, i) => i % every == 0
            ? b.Start.UtcDateTime.ToString(hourly ? "HH:00" : "MMM d", Culture)
            : "").ToArray();
        _statusSeries =
        [
            new("2xx", report.Buckets.Select(b => (double?)b.Status2xx).ToList(), "#2e7d32"),
            new("3xx", report.Buckets.Select(b => (double?)b.Status3xx).ToList(), "#1976d2"),
            new("4xx", report.Buckets.Select(b => (double?)b.Status4xx).ToList(), "#ef8f00"),
            new("5xx", report.Buckets.Select(b => (double?)b.Status5xx).ToList(), "#c62828"),
        ];
        _errorSeries = [new("Error rate", report.Buckets.Select(b => b.ErrorRate).ToList(), "#c62828")];
        _latencySeries =
        [
            new("p50", report.Buckets.Select(b => b.P50Ms).ToList(), "#1976d2"),
            new("p95", report.Buckets.Select(b => b.P95Ms).ToList(), "#7b1fa2"),
            new("p99", report.Buckets.Select(b => b.P99Ms).ToList(), "#ef6c00"),
        ];
        _report = report;
    }

    private static string Ms(double? value) => value is { } v ? v.ToString(v < 10 ? "0.##" : "#,0", Culture) : "—";
}
