using Notarial.Portal.Features.Audit;

namespace Notarial.Portal.Features.Usage;

/// <summary>
/// What a usage report covers: the usage an account may see (requests made on its data, and requests made by OAuth
/// applications it owns), over [From, To), optionally narrowed to one credential and one environment.
/// </summary>
public sealed record UsageQuery(string OwnerId, DateTimeOffset From, DateTimeOffset To, UsageCredential? Credential = null, string? Environment = null)
{
    /// <summary>The last <paramref name="hours"/> hours up to the end of the current hour.</summary>
    public static UsageQuery LastHours(string ownerId, DateTimeOffset now, int hours, UsageCredential? credential = null, string? environment = null)
    {
        var end = UsageRollupBuilder.HourOf(now).AddHours(1);
        return new UsageQuery(ownerId, end.AddHours(-hours), end, credential, environment);
    }

    /// <summary>Hourly points up to two days, daily beyond.</summary>
    public TimeSpan BucketSize => To - From <= TimeSpan.FromHours(48) ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);
}
