using Notarial.Portal.Features.Audit;

namespace Notarial.Portal.Features.Usage;

/// <summary>A usage time range: the last N hours up to the current hour, or custom UTC days.</summary>
public sealed record UsageRange(string Preset, DateTime? FromDay = null, DateTime? ToDay = null)
{
    public const string Day = "24h";
    public const string Week = "7d";
    public const string Month = "30d";
    public const string Custom = "custom";

    public static UsageRange Last(string preset) => new(preset);

    public static UsageRange? Parse(string? value) => value is Day or Week or Month ? new UsageRange(value) : null;

    /// <summary>[from, to) for the range at <paramref name="now"/>: the last 24 hours by the hour; 7 and 30 days as whole
    /// UTC days up to today, so each daily point is a calendar day.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Resolve(DateTimeOffset now)
    {
        var end = UsageRollupBuilder.HourOf(now).AddHours(1);
        var tomorrow = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        return Preset switch
        {
            Week => (tomorrow.AddDays(-7), tomorrow),
            Month => (tomorrow.AddDays(-30), tomorrow),
            Custom when FromDay is { } from && ToDay is { } to && to >= from =>
                (new DateTimeOffset(from.Date, TimeSpan.Zero), new DateTimeOffset(to.Date.AddDays(1), TimeSpan.Zero)),
            _ => (end.AddHours(-24), end),
        };
    }
}
