using System.Globalization;
using MudBlazor;

namespace Notarial.Portal.Features.ApiKeys;

/// <summary>How the portal's pages word and colour a key's facts.</summary>
public static class ApiKeyDisplay
{
    /// <summary>Keys that stop working within this time are shown in the warning colour.</summary>
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(14);

    public static string StateTitle(ApiKeyState state) => state switch
    {
        ApiKeyState.Active => "Active",
        ApiKeyState.Rotating => "Expiring after rotation",
        ApiKeyState.Expired => "Expired",
        _ => "Revoked",
    };

    public static Color StateColor(ApiKeyState state) => state switch
    {
        ApiKeyState.Active => Color.Success,
        ApiKeyState.Rotating => Color.Warning,
        ApiKeyState.Expired => Color.Default,
        _ => Color.Error,
    };

    public static string EnvironmentTitle(string environment) => environment == "test" ? "Test" : "Live";

    public static Color EnvironmentColor(string environment) => environment == "test" ? Color.Info : Color.Primary;

    /// <summary>Whether a usable key stops working within <see cref="ExpiryWarning"/>.</summary>
    public static bool EndsSoon(ApiKeyView key, DateTimeOffset now) =>
        key.IsUsable && key.EndsAt is { } ends && ends - now <= ExpiryWarning;

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    public static string Date(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>"in 3 days", "5 minutes ago"...</summary>
    public static string Relative(DateTimeOffset time, DateTimeOffset now)
    {
        var span = time - now;
        var past = span < TimeSpan.Zero;
        var length = past ? -span : span;
        var text = length.TotalSeconds < 60 ? "less than a minute"
            : length.TotalMinutes < 60 ? Plural((int)length.TotalMinutes, "minute")
            : length.TotalHours < 48 ? Plural((int)length.TotalHours, "hour")
            : Plural((int)Math.Round(length.TotalDays), "day");
        return past ? text + " ago" : "in " + text;
    }

    public static string RateLimit(int? perHour, int? burst) =>
        perHour is { } hour && burst is { } second
            ? string.Create(CultureInfo.InvariantCulture, $"{hour:N0} requests per hour, bursts of {second:N0} per second")
            : "No rate limit";

    public static string ScopeTitle(string scope) => Scopes.ScopeCatalog.Find(scope)?.Title ?? scope;

    private static string Plural(int count, string unit) => count == 1 ? $"1 {unit}" : $"{count} {unit}s";
}
