namespace Notarial.Portal.Features.Audit;

/// <summary>
/// The fixed latency buckets of the hourly rollups. Buckets add up across hours and credentials, so percentiles of any
/// range come from summed counts without reading a raw row; a percentile is interpolated inside its bucket.
/// </summary>
public static class LatencyHistogram
{
    /// <summary>Upper bounds in milliseconds; the last bucket holds everything above the last bound.</summary>
    public static readonly double[] UpperBoundsMs = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];

    public static int BucketCount => UpperBoundsMs.Length + 1;

    public static int BucketOf(double latencyMs)
    {
        for (var i = 0; i < UpperBoundsMs.Length; i++)
        {
            if (latencyMs <= UpperBoundsMs[i])
            {
                return i;
            }
        }

        return UpperBoundsMs.Length;
    }

    /// <summary>The latency under which <paramref name="quantile"/> (0..1) of the requests fall; null without requests.</summary>
    public static double? Percentile(IReadOnlyList<long> buckets, double quantile)
    {
        var total = 0L;
        foreach (var count in buckets)
        {
            total += count;
        }

        if (total == 0)
        {
            return null;
        }

        var rank = quantile * total;
        var seen = 0L;
        for (var i = 0; i < buckets.Count; i++)
        {
            if (buckets[i] == 0)
            {
                continue;
            }

            if (seen + buckets[i] >= rank)
            {
                var lower = i == 0 ? 0 : UpperBoundsMs[i - 1];
                var upper = i < UpperBoundsMs.Length ? UpperBoundsMs[i] : lower * 2;
                var within = (rank - seen) / buckets[i];
                return Math.Round(lower + ((upper - lower) * Math.Clamp(within, 0, 1)), 2);
            }

            seen += buckets[i];
        }

        return UpperBoundsMs[^1] * 2;
    }
}
