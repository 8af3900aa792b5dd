using System.Globalization;
using MudBlazor;

namespace Notarial.Portal.Features.Webhooks;

/// <summary>How the webhook pages show states, times and answers.</summary>
public static class WebhookDisplay
{
    public static string StateTitle(string state) => state switch
    {
        "disabled" => "Disabled",
        "failing" => "Failing",
        "pending" => "Retrying",
        "succeeded" => "Delivered",
        "failed" => "Failed",
        _ => "Enabled",
    };

    public static Color StateColor(string state) => state switch
    {
        "disabled" or "failed" => Color.Error,
        "failing" or "pending" => Color.Warning,
        _ => Color.Success,
    };

    public static string Answer(int? status, string? error) => status is { } code ? WebhookRetryPolicy.Describe(code, null) : error ?? "No answer";

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Short(DateTimeOffset at) => at.UtcDateTime.ToString("MMM d, HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Relative(DateTimeOffset at, DateTimeOffset now)
    {
        var span = at - now;
        var future = span > TimeSpan.Zero;
        span = span.Duration();
        var text = span.TotalMinutes < 1 ? "less than a minute"
            : span.TotalHours < 1 ? Plural((int)span.TotalMinutes, "minute")
            : span.TotalDays < 1 ? Plural((int)span.TotalHours, "hour")
            : Plural((int)span.TotalDays, "day");
        return future ? "in " + text : text + " ago";
    }

    private static string Plural(int count, string unit) => count == 1 ? $"1 {unit}" : $"{count} {unit}s";

    public static string Host(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Authority : url;

    /// <summary>The URL without its scheme, for narrow places.</summary>
    public static string ShortUrl(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Authority + uri.PathAndQuery : url;
}
