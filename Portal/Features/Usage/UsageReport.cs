namespace Notarial.Portal.Features.Usage;

/// <summary>Usage over a range, read from the hourly rollups: a point per bucket, totals, and the top lists.</summary>
public sealed record UsageReport(
    UsageQuery Query,
    IReadOnlyList<UsageBucket> Buckets,
    UsageTotals Totals,
    IReadOnlyList<UsageCount> TopEndpoints,
    IReadOnlyList<UsageCount> TopErrors,
    IReadOnlyList<UsageCount> Addresses,
    IReadOnlySet<string> UsedScopes,
    IReadOnlyList<UsageCount> ClientVersions)
{
    public bool IsEmpty => Totals.Requests == 0;
}

/// <summary>One point of the charts (an hour or a day).</summary>
public sealed record UsageBucket(
    DateTimeOffset Start,
    long Status2xx,
    long Status3xx,
    long Status4xx,
    long Status5xx,
    double? P50Ms,
    double? P95Ms,
    double? P99Ms)
{
    public long Requests => Status2xx + Status3xx + Status4xx + Status5xx;

    public long Errors => Status4xx + Status5xx;

    /// <summary>Share of 4xx and 5xx answers, in percent; null without requests.</summary>
    public double? ErrorRate => Requests == 0 ? null : Math.Round(100.0 * Errors / Requests, 2);
}

public sealed record UsageTotals(long Requests, long Errors, double? P50Ms, double? P95Ms, double? P99Ms, int DistinctAddresses, long ResponseBytes)
{
    public double ErrorRate => Requests == 0 ? 0 : Math.Round(100.0 * Errors / Requests, 2);
}

public sealed record UsageCount(string Name, long Count);
