using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Webhooks;

namespace Notarial.Portal.Tests.Features.Webhooks;

/// <summary>The sender gives way to a busy platform API: a budget of deliveries a second, fewer in flight.</summary>
public sealed class WebhookPacerTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-11-23T12:00:00Z"));
    private readonly ApiActivity _activity = new();
    private readonly WebhookOptions _options = new() { MaxConcurrency = 32, ApiBusyRequestsPerSecond = 200, BusyDeliveriesPerSecond = 50, BusyMaxConcurrency = 4 };

    private TimeSpan _cpu;
    private double _cpuShare = 0.9;

    private WebhookPacer Pacer() => new(_activity, Options.Create(_options), _clock, () => _cpu);

    [Fact]
    public void A_quiet_api_leaves_the_sender_at_full_speed()
    {
        var pacer = Pacer();
        Serve(requests: 10, over: TimeSpan.FromSeconds(1));

        var allowance = pacer.Next();

        Assert.False(allowance.Paced);
        Assert.Equal(32, allowance.MaxInFlight);
        Assert.Equal(int.MaxValue, allowance.Starts);
    }

    [Fact]
    public void A_busy_api_limits_deliveries_to_the_budget_a_second_and_fewer_in_flight()
    {
        var pacer = Pacer();
        var started = 0;
        var waited = TimeSpan.Zero;
        // Ten seconds of an API at 1,000 requests a second, the sender taking whatever it is allowed.
        for (var step = 0; step < 1000; step++)
        {
            Serve(requests: 10, over: TimeSpan.FromMilliseconds(10));
            var allowance = pacer.Next();
            if (step >= 25)
            {
                Assert.True(allowance.Paced);
                Assert.Equal(4, allowance.MaxInFlight);
            }

            if (allowance.Paced && allowance.Starts == 0)
            {
                Assert.InRange(allowance.Wait, TimeSpan.FromTicks(1), WebhookPacer.SampleWindow);
                waited += allowance.Wait;
                continue;
            }

            if (allowance.Paced)
            {
                Assert.Equal(10, allowance.Starts); // a fifth of a second's budget at once, not a pass per delivery
                started += allowance.Starts;
                pacer.Spent(allowance.Starts);
            }
        }

        // 50 a second for the 9.75 s after the first window, less the chunk still filling at the end.
        Assert.InRange(started, 470, 490);
        Assert.True(waited > TimeSpan.Zero);
    }

    [Fact]
    public void The_pacing_lifts_within_a_window_once_the_api_is_quiet_again()
    {
        var pacer = Pacer();
        Serve(requests: 500, over: TimeSpan.FromMilliseconds(500));
        Assert.True(pacer.Next().Paced);

        Serve(requests: 20, over: TimeSpan.FromMilliseconds(300));
        var allowance = pacer.Next();

        Assert.False(allowance.Paced);
        Assert.Equal(32, allowance.MaxInFlight);
    }

    [Fact]
    public void A_threshold_of_zero_never_paces()
    {
        _options.ApiBusyRequestsPerSecond = 0;
        var pacer = Pacer();
        Serve(requests: 100_000, over: TimeSpan.FromSeconds(1));

        Assert.False(pacer.Next().Paced);
    }

    [Fact]
    public void Many_requests_on_a_machine_with_cpu_to_spare_are_not_paced()
    {
        var pacer = Pacer();
        _cpuShare = 0.2;
        Serve(requests: 1000, over: TimeSpan.FromMilliseconds(500));

        Assert.False(pacer.Next().Paced);

        _cpuShare = 0.9;
        Serve(requests: 1000, over: TimeSpan.FromMilliseconds(500));
        Assert.True(pacer.Next().Paced);
    }

    /// <summary>Requests served and the CPU this process used over <paramref name="over"/> (<see cref="_cpuShare"/> of
    /// every core).</summary>
    private void Serve(int requests, TimeSpan over)
    {
        for (var i = 0; i < requests; i++)
        {
            _activity.Served();
        }

        _cpu += over * (_cpuShare * Environment.ProcessorCount);
        _clock.Advance(over);
    }
}

/// <summary>The platform pipeline counts what the pacer measures.</summary>
[Collection(PortalCollection.Name)]
public sealed class ApiActivityTests(PortalApp app)
{
    [Fact]
    public async Task Every_platform_api_request_is_counted_even_a_refused_one()
    {
        var activity = app.Services.GetRequiredService<ApiActivity>();
        using var client = app.CreateClient();
        var before = activity.Requests;

        for (var i = 0; i < 5; i++)
        {
            var response = await client.GetAsync("/api/auth/test");
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.True(activity.Requests - before >= 5, $"counted {activity.Requests - before} of 5 requests");
    }
}
