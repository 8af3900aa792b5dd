using System.Globalization;

namespace Notarial.Portal.Features.ApiKeys;

/// <summary>
/// When a new key expires, as the API and the form write it: <c>30d</c>, <c>90d</c> (the default), <c>1y</c>, any
/// <c>&lt;n&gt;d</c> up to ten years, <c>never</c>, or a date (<c>2027-01-31</c>: the key works through that day, UTC) or an
/// RFC 3339 time.
/// </summary>
public static class ApiKeyExpiry
{
    public const string Default = "90d";
    public const string Never = "never";
    public const int MaxDays = 3650;

    /// <summary>The end of the key's life for <paramref name="text"/> (null: never), or a message for the person.</summary>
    public static bool TryResolve(string? text, DateTimeOffset now, out DateTimeOffset? expiresAt, out string error)
    {
        expiresAt = null;
        error = "";
        var value = string.IsNullOrWhiteSpace(text) ? Default : text.Trim().ToLowerInvariant();
        if (value == Never)
        {
            return true;
        }

        if (value == "1y")
        {
            expiresAt = now.AddDays(365);
            return true;
        }

        if (value.EndsWith('d') && int.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var days))
        {
            if (days is < 1 or > MaxDays)
            {
                error = $"Pick 1 to {MaxDays} days.";
                return false;
            }

            expiresAt = now.AddDays(days);
            return true;
        }

        DateTimeOffset at;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            // A date means "through that day": the key stops at the next midnight, UTC.
            at = new DateTimeOffset(date.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }
        else if (!DateTimeOffset.TryParse(text!.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at))
        {
            error = "Use 30d, 90d, 1y, never, a date (2027-01-31) or a time (2027-01-31T12:00:00Z).";
            return false;
        }

        at = at.ToUniversalTime();
        if (at <= now.AddMinutes(1))
        {
            error = "Pick a moment in the future.";
            return false;
        }

        if (at > now.AddDays(MaxDays))
        {
            error = "Pick a moment within ten years, or never.";
            return false;
        }

        expiresAt = at;
        return true;
    }
}
