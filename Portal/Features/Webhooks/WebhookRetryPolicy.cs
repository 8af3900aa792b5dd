using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Notarial.Portal.Features.Webhooks;

/// <summary>
/// Which answers are retried and when: network errors, timeouts, 408, 429 and 5xx, after 1 min, 5 min, 30 min, 2 h, 6 h,
/// 12 h, 24 h and 24 h (about three days in all), each ±10 % so that endpoints failing together do not retry together.
/// A 429 or 503 with Retry-After waits at least that long (at most a day).
/// </summary>
public static class WebhookRetryPolicy
{
    public static IReadOnlyList<TimeSpan> Schedule { get; } =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(6), TimeSpan.FromHours(12), TimeSpan.FromHours(24), TimeSpan.FromHours(24),
    ];

    public static bool IsRetryable(int? status) => status is null or 408 or 429 or >= 500;

    /// <summary>When to try again after attempt number <paramref name="attempt"/> (1-based); null when retries are spent.</summary>
    public static DateTimeOffset? NextAttempt(int attempt, DateTimeOffset now, TimeSpan? retryAfter)
    {
        if (attempt > Schedule.Count)
        {
            return null;
        }

        var delay = Schedule[attempt - 1];
        var jitter = (RandomNumberGenerator.GetInt32(-1000, 1001) / 10_000.0) * delay.TotalMilliseconds;
        delay += TimeSpan.FromMilliseconds(jitter);
        if (retryAfter is { } wait && wait > delay)
        {
            delay = wait > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : wait;
        }

        return now + delay;
    }

    /// <summary>Retry-After as seconds or as an HTTP date.</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    public static string Describe(int? status, string? error) =>
        status is { } code ? $"{code} {ReasonPhrase(code)}".Trim() : error ?? "No answer";

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
