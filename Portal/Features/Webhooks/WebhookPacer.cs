using Microsoft.Extensions.Options;
using Notarial.Portal.Features.Platform;

namespace Notarial.Portal.Features.Webhooks;

/// <summary>How many deliveries the sender may start now, and how many may be in flight.</summary>
/// <param name="Starts">Deliveries to start in this pass (0: wait <paramref name="Wait"/> first).</param>
/// <param name="MaxInFlight">Sends in flight at once on this instance.</param>
/// <param name="Wait">When <paramref name="Starts"/> is 0, how long until the budget allows one more.</param>
/// <param name="Paced">Whether the API is busy and the sender gives way to it.</param>
public readonly record struct WebhookAllowance(int Starts, int MaxInFlight, TimeSpan Wait, bool Paced);

/// <summary>
/// Lets the platform API come first. The webhook sender, SQLite's writer and the API share the machine; a drain of a
/// large outbox at full speed would take most of the CPU from API callers. While the API serves at least
/// <see cref="WebhookOptions.ApiBusyRequestsPerSecond"/> and this process uses at least
/// <see cref="WebhookOptions.BusyCpuShare"/> of the machine's cores (both measured over <see cref="SampleWindow"/>), the
/// sender starts at most <see cref="WebhookOptions.BusyDeliveriesPerSecond"/> deliveries a second (a token bucket spent
/// in chunks of a fifth of a second's worth) with at most <see cref="WebhookOptions.BusyMaxConcurrency"/> in flight; when
/// the API is quiet it sends at full speed. Time is the <see cref="TimeProvider"/>'s. Used by the one worker loop only
/// (not thread-safe).
/// </summary>
public sealed class WebhookPacer(ApiActivity activity, IOptions<WebhookOptions> options, TimeProvider time, Func<TimeSpan> processorTime)
{
    /// <summary>The pacer on this process's own CPU time.</summary>
    public WebhookPacer(ApiActivity activity, IOptions<WebhookOptions> options, TimeProvider time)
        : this(activity, options, time, static () => Environment.CpuUsage.TotalTime)
    {
    }

    /// <summary>How long the API's request rate is measured before the pacer decides busy or quiet again.</summary>
    public static readonly TimeSpan SampleWindow = TimeSpan.FromMilliseconds(250);

    private long _sampledRequests = activity.Requests;
    private TimeSpan _sampledCpu = processorTime();
    private long _sampledAt = time.GetTimestamp();
    private long _refilledAt = time.GetTimestamp();
    private double _tokens;
    private bool _busy;

    /// <summary>What the sender may do now.</summary>
    public WebhookAllowance Next()
    {
        var settings = options.Value;
        var now = time.GetTimestamp();
        var sampled = time.GetElapsedTime(_sampledAt, now);
        if (sampled >= SampleWindow)
        {
            var requests = activity.Requests;
            var cpu = processorTime();
            var rate = (requests - _sampledRequests) / sampled.TotalSeconds;
            // The process's share of all the machine's cores over the window: a busy API on an idle machine needs no pacing.
            var cpuShare = (cpu - _sampledCpu).TotalSeconds / (sampled.TotalSeconds * Environment.ProcessorCount);
            var wasBusy = _busy;
            _busy = settings.ApiBusyRequestsPerSecond > 0 && rate >= settings.ApiBusyRequestsPerSecond && cpuShare >= settings.BusyCpuShare;
            _sampledRequests = requests;
            _sampledCpu = cpu;
            _sampledAt = now;
            if (_busy && !wasBusy)
            {
                // A busy spell begins with an empty budget, not with a burst.
                _tokens = 0;
                _refilledAt = now;
            }
        }

        if (!_busy)
        {
            return new WebhookAllowance(int.MaxValue, settings.MaxConcurrency, TimeSpan.Zero, Paced: false);
        }

        // Deliveries start in chunks of a fifth of a second's budget: every pass of the sender costs queries whatever
        // it starts, so a pass per delivery would cost the API more than the deliveries themselves.
        var perSecond = (double)settings.BusyDeliveriesPerSecond;
        var chunk = Math.Max(1, Math.Floor(perSecond / 5));
        _tokens = Math.Min(chunk, _tokens + time.GetElapsedTime(_refilledAt, now).TotalSeconds * perSecond);
        _refilledAt = now;
        var maxInFlight = Math.Min(settings.BusyMaxConcurrency, settings.MaxConcurrency);
        if (_tokens >= chunk)
        {
            return new WebhookAllowance((int)_tokens, maxInFlight, TimeSpan.Zero, Paced: true);
        }

        var wait = TimeSpan.FromSeconds((chunk - _tokens) / perSecond);
        // Look at the API's rate again at least once a window, so a quiet API lifts the pacing promptly.
        return new WebhookAllowance(0, maxInFlight, wait < SampleWindow ? wait : SampleWindow, Paced: true);
    }

    /// <summary>The sender started <paramref name="deliveries"/> under the last allowance.</summary>
    public void Spent(int deliveries)
    {
        if (_busy)
        {
            _tokens = Math.Max(0, _tokens - deliveries);
        }
    }
}
