using System.ComponentModel.DataAnnotations;

namespace Notarial.Portal.Features.Webhooks;

/// <summary>Webhook delivery settings (section "Webhooks").</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Allow http:// and deliveries to loopback addresses (tests and Development; never in production).</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Allow private and shared address ranges (a receiver inside the company network).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Run the background sender on this instance.</summary>
    public bool RunSender { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How much of an answer is read; the rest is dropped with the connection.</summary>
    [Range(1024, 1 << 20)]
    public int MaxResponseBytes { get; set; } = 64 * 1024;

    /// <summary>Requests in flight at once on this instance, over all endpoints.</summary>
    [Range(1, 1024)]
    public int MaxConcurrency { get; set; } = 32;

    /// <summary>Requests in flight at once to one endpoint on this instance, so one slow receiver cannot take every slot.</summary>
    [Range(1, 256)]
    public int MaxConcurrencyPerEndpoint { get; set; } = 4;

    /// <summary>
    /// The platform API's requests a second on this instance from which it counts as busy and the sender gives way to it
    /// (sends at <see cref="BusyDeliveriesPerSecond"/>); 0 never paces.
    /// </summary>
    [Range(0, 1_000_000)]
    public int ApiBusyRequestsPerSecond { get; set; } = 200;

    /// <summary>The share of all the machine's cores this process must use, besides the request rate, for the API to
    /// count as busy (0 to 1; 0: the request rate alone decides).</summary>
    [Range(0.0, 1.0)]
    public double BusyCpuShare { get; set; } = 0.5;

    /// <summary>Deliveries a second this instance starts while the API is busy (a backlog still drains, more slowly).</summary>
    [Range(1, 100_000)]
    public int BusyDeliveriesPerSecond { get; set; } = 50;

    /// <summary>Sends in flight at once while the API is busy.</summary>
    [Range(1, 1024)]
    public int BusyMaxConcurrency { get; set; } = 4;

    /// <summary>How often an idle sender looks for due deliveries.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claimed delivery stays claimed; after that another worker may try it (a worker that died).</summary>
    [Range(typeof(TimeSpan), "00:00:15", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>An endpoint failing without a success for this long is disabled and its owner told.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(3);

    [Range(1, 1000)]
    public int MaxEndpointsPerAccount { get; set; } = 20;

    /// <summary>How long finished deliveries (with their attempts) and their events are kept for the delivery log.
    /// Deliveries still being retried are kept until they finish.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan RetainDeliveriesFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often retention runs.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);
}
