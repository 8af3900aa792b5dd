using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Mail;

namespace Notarial.Portal.Features.Webhooks;

/// <summary>
/// Sends due deliveries. A pass claims rows with a lease (a conditional UPDATE that also re-checks that the row is still
/// due and free, so two workers — here or on another instance — never claim the same attempt), within this instance's
/// overall and per-endpoint concurrency limits, and sends each on its own task. Due times come from
/// <see cref="TimeProvider"/>; tests drive passes with <see cref="DeliverDueAsync"/> instead of waiting.
/// </summary>
public sealed partial class WebhookSender : IDisposable
{
    public const int ExcerptChars = 1024;
    private const int EndpointsPerPass = 200;

    private readonly IDbContextFactory<PortalDbContext> _contexts;
    private readonly WebhookSecrets _secrets;
    private readonly WebhookDestinationPolicy _policy;
    private readonly IMailSender _mail;
    private readonly IOptions<WebhookOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookSender> _logger;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _pass = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, int> _perEndpoint = [];
    private readonly HashSet<Task> _running = [];
    private int _inFlight;

    public WebhookSender(IDbContextFactory<PortalDbContext> contexts, WebhookSecrets secrets, WebhookDestinationPolicy policy, IMailSender mail,
        IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookSender> logger)
    {
        _contexts = contexts;
        _secrets = secrets;
        _policy = policy;
        _mail = mail;
        _options = options;
        _time = time;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            ConnectCallback = policy.ConnectAsync,
            ConnectTimeout = options.Value.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            MaxResponseHeadersLength = 64,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Notarial-Webhooks", "1.0"));
    }

    /// <summary>Deliveries being sent by this instance right now.</summary>
    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>Wakes an idle sender (new work was committed).</summary>
    public void Notify()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    /// <summary>Waits until a send finishes, someone calls <see cref="Notify"/>, or <paramref name="timeout"/> passes.</summary>
    public Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);

    /// <summary>Sends everything due now and waits for the answers (retries scheduled later stay scheduled). For tests
    /// and tools; the background worker uses <see cref="StartDueAsync"/>.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (true)
        {
            var started = await StartDueAsync(cancellationToken);
            total += started.Count;
            Task[] running;
            lock (_gate)
            {
                running = [.. _running];
            }

            if (started.Count == 0 && running.Length == 0)
            {
                return total;
            }

            await Task.WhenAll(running);
        }
    }

    /// <summary>Waits for the sends in flight (a graceful stop).</summary>
    public async Task DrainAsync()
    {
        Task[] running;
        lock (_gate)
        {
            running = [.. _running];
        }

        await Task.WhenAll(running);
    }

    /// <summary>One pass: claims what is due within the free capacity and starts sending it; returns the started sends.</summary>
    public Task<IReadOnlyList<Task>> StartDueAsync(CancellationToken cancellationToken = default) =>
        StartDueAsync(int.MaxValue, _options.Value.MaxConcurrency, cancellationToken);

    /// <summary>One pass starting at most <paramref name="maxStarts"/> sends, with at most <paramref name="maxInFlight"/>
    /// in flight afterwards (the worker's pacing while the API is busy).</summary>
    public async Task<IReadOnlyList<Task>> StartDueAsync(int maxStarts, int maxInFlight, CancellationToken cancellationToken = default)
    {
        await _pass.WaitAsync(cancellationToken);
        try
        {
            var options = _options.Value;
            var free = Math.Min(maxStarts, Math.Min(maxInFlight, options.MaxConcurrency) - InFlight);
            if (free <= 0)
            {
                return [];
            }

            var now = _time.GetUtcNow();
            var leaseUntil = now + options.Lease;
            var token = Guid.NewGuid();
            await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
            // The endpoints with due work, asked endpoint by endpoint (a seek each on the EndpointId-State-NextAttemptAt
            // index) rather than by reading every due delivery: a backlog of thousands would make every pass read them
            // all. Random order, so no endpoint waits behind the first EndpointsPerPass.
            var pending = WebhookDeliveryState.Pending;
            var endpointIds = await db.WebhookEndpoints.AsNoTracking()
                .Where(e => e.DisabledAt == null && db.WebhookDeliveries.Any(d =>
                    d.EndpointId == e.Id && d.State == pending && d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil < now)))
                .OrderBy(e => EF.Functions.Random()).Select(e => e.Id).Take(EndpointsPerPass).ToListAsync(cancellationToken);
            var claimed = 0;
            foreach (var endpointId in endpointIds)
            {
                int capacity;
                lock (_gate)
                {
                    capacity = Math.Min(options.MaxConcurrencyPerEndpoint - _perEndpoint.GetValueOrDefault(endpointId), free - claimed);
                }

                if (capacity <= 0)
                {
                    continue;
                }

                claimed += await ClaimAsync(db, endpointId, now, capacity, token, leaseUntil, cancellationToken);
                if (claimed >= free)
                {
                    break;
                }
            }

            if (claimed == 0)
            {
                return [];
            }

            var deliveries = await db.WebhookDeliveries.AsNoTracking().Include(d => d.Event).Include(d => d.Endpoint)
                .Where(d => d.LeaseToken == token).ToListAsync(cancellationToken);
            return [.. deliveries.Select(d => Start(d, token))];
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <summary>Claims one pending delivery and attempts it now (send test event, resend), whatever its due time.
    /// Null when another worker holds it or it is no longer pending.</summary>
    public async Task<WebhookAttempt?> SendNowAsync(Guid deliveryId, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var token = Guid.NewGuid();
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var claimed = await db.WebhookDeliveries
            .Where(d => d.Id == deliveryId && d.State == WebhookDeliveryState.Pending && (d.LeaseUntil == null || d.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseToken, token).SetProperty(d => d.LeaseUntil, now + _options.Value.Lease), cancellationToken);
        if (claimed == 0)
        {
            return null;
        }

        var delivery = await db.WebhookDeliveries.AsNoTracking().Include(d => d.Event).Include(d => d.Endpoint).FirstAsync(d => d.Id == deliveryId, cancellationToken);
        var send = Start(delivery, token);
        await send;
        return await db.WebhookAttempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId).OrderByDescending(a => a.At).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Leases up to <paramref name="capacity"/> due deliveries of one endpoint to <paramref name="token"/>. On PostgreSQL
    /// one UPDATE over row-locked candidates; on SQLite (one writer, no row locks) the candidates are read first and
    /// each is claimed by its id — an UPDATE filtered by "Id IN (...)" and the due conditions lets SQLite's planner walk
    /// every due delivery by the State index instead. Either way the UPDATE re-checks that the row is still due and free.
    /// </summary>
    private static async Task<int> ClaimAsync(PortalDbContext db, Guid endpointId, DateTimeOffset now, int capacity, Guid token,
        DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        if (db is PostgreSqlPortalDbContext)
        {
            var candidates = Candidates(db, endpointId, now, capacity);
            return await Due(db, now).Where(d => candidates.Contains(d.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.LeaseToken, token)
                .SetProperty(d => d.LeaseUntil, leaseUntil), cancellationToken);
        }

        var ids = await Candidates(db, endpointId, now, capacity).ToListAsync(cancellationToken);
        var claimed = 0;
        foreach (var id in ids)
        {
            claimed += await Due(db, now).Where(d => d.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseToken, token).SetProperty(d => d.LeaseUntil, leaseUntil), cancellationToken);
        }

        return claimed;
    }

    /// <summary>
    /// The due deliveries of one endpoint to claim. On PostgreSQL they are row-locked with SKIP LOCKED: two instances
    /// claiming at once take different rows instead of queueing behind each other. Either way the claim's UPDATE checks
    /// the lease again, so a row is leased by one worker only.
    /// </summary>
    private static IQueryable<Guid> Candidates(PortalDbContext db, Guid endpointId, DateTimeOffset now, int capacity)
    {
        if (db is PostgreSqlPortalDbContext)
        {
            var pending = nameof(WebhookDeliveryState.Pending);
            return db.WebhookDeliveries.FromSql($"""
                SELECT * FROM webhook_deliveries
                WHERE "EndpointId" = {endpointId} AND "State" = {pending} AND "NextAttemptAt" <= {now}
                  AND ("LeaseUntil" IS NULL OR "LeaseUntil" < {now})
                ORDER BY "NextAttemptAt" LIMIT {capacity}
                FOR UPDATE SKIP LOCKED
                """).Select(d => d.Id);
        }

        return Due(db, now).Where(d => d.EndpointId == endpointId).OrderBy(d => d.NextAttemptAt).Take(capacity).Select(d => d.Id);
    }

    private static IQueryable<WebhookDelivery> Due(PortalDbContext db, DateTimeOffset now) =>
        db.WebhookDeliveries.Where(d =>
            d.State == WebhookDeliveryState.Pending && d.NextAttemptAt <= now &&
            (d.LeaseUntil == null || d.LeaseUntil < now) &&
            d.Endpoint!.DisabledAt == null);

    private Task Start(WebhookDelivery delivery, Guid token)
    {
        lock (_gate)
        {
            _inFlight++;
            _perEndpoint[delivery.EndpointId] = _perEndpoint.GetValueOrDefault(delivery.EndpointId) + 1;
        }

        var task = Task.Run(() => SendAsync(delivery, token));
        lock (_gate)
        {
            _running.Add(task);
        }

        _ = task.ContinueWith(t =>
        {
            lock (_gate)
            {
                _running.Remove(t);
                _inFlight--;
                if (--_perEndpoint[delivery.EndpointId] == 0)
                {
                    _perEndpoint.Remove(delivery.EndpointId);
                }
            }

            Notify();
        }, TaskScheduler.Default);
        return task;
    }

    private async Task SendAsync(WebhookDelivery delivery, Guid token)
    {
        try
        {
            var outcome = await AttemptAsync(delivery.Endpoint!, delivery.Event!);
            await RecordAsync(delivery, token, outcome);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The lease runs out and another pass tries again: nothing is lost, the attempt is not recorded.
            LogSendCrashed(exception, delivery.Id);
        }
    }

    /// <summary>What one attempt got back.</summary>
    private sealed record Outcome(DateTimeOffset At, int? Status, int LatencyMs, string? Error, string? Excerpt, TimeSpan? RetryAfter, bool Final);

    private async Task<Outcome> AttemptAsync(WebhookEndpoint endpoint, WebhookEvent webhookEvent)
    {
        var options = _options.Value;
        var at = _time.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        int Elapsed() => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        if (!Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var uri))
        {
            return new Outcome(at, null, 0, "The endpoint's URL is not valid.", null, null, Final: true);
        }

        // Checked on every attempt, after DNS resolution (and again on every new connection, by the handler).
        var (_, refusal) = await _policy.ResolveAsync(uri.IdnHost, CancellationToken.None);
        if (refusal is not null)
        {
            return new Outcome(at, null, Elapsed(), refusal, null, null, Final: true);
        }

        var secrets = new List<string> { _secrets.Unprotect(endpoint.ProtectedSecret) };
        if (endpoint.HasPreviousSecretAt(at))
        {
            secrets.Add(_secrets.Unprotect(endpoint.PreviousProtectedSecret!));
        }

        var timestamp = at.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(webhookEvent.Payload)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.IdHeader, webhookEvent.Id);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secrets[0], webhookEvent.Payload));
        request.Headers.Add(WebhookSignature.Signature256Header, WebhookSignature.Sign256(timestamp, webhookEvent.Payload, secrets));

        using var timeout = new CancellationTokenSource(options.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await ReadLimitedAsync(response, options.MaxResponseBytes, timeout.Token);
            var status = (int)response.StatusCode;
            var excerpt = body.Length == 0 ? null : Excerpt(body);
            var latency = Elapsed();
            if (status is >= 200 and < 300)
            {
                return new Outcome(at, status, latency, null, excerpt, null, Final: false);
            }

            if (status is >= 300 and < 400)
            {
                return new Outcome(at, status, latency, "Redirects are not followed: register the final URL.", excerpt, null, Final: true);
            }

            var retryAfter = WebhookRetryPolicy.RetryAfter(response.Headers.RetryAfter, at);
            return new Outcome(at, status, latency, null, excerpt, retryAfter, Final: !WebhookRetryPolicy.IsRetryable(status));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new Outcome(at, null, Elapsed(), $"No answer within {options.Timeout.TotalSeconds:0} s.", null, null, Final: false);
        }
        catch (HttpRequestException exception) when (exception.InnerException is WebhookDestinationRefusedException refused)
        {
            return new Outcome(at, null, Elapsed(), refused.Message, null, null, Final: true);
        }
        catch (HttpRequestException exception)
        {
            return new Outcome(at, null, Elapsed(), Truncate("Network error: " + exception.Message, 500), null, null, Final: false);
        }
    }

    /// <summary>Reads at most <paramref name="max"/> bytes of the answer; the rest is never read (the connection closes).</summary>
    private static async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, int max, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[Math.Min(max, 16 * 1024)];
        using var kept = new MemoryStream();
        int read;
        while (kept.Length < max && (read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, max - kept.Length)), cancellationToken)) > 0)
        {
            kept.Write(buffer, 0, read);
        }

        return kept.ToArray();
    }

    private static string Excerpt(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, ExcerptChars));
        return text.Length > ExcerptChars ? text[..ExcerptChars] : text;
    }

    private async Task RecordAsync(WebhookDelivery claimed, Guid token, Outcome outcome)
    {
        var options = _options.Value;
        var now = _time.GetUtcNow();
        await using var db = await _contexts.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == claimed.Id);
        var succeeded = outcome.Status is >= 200 and < 300;
        var attempt = new WebhookAttempt
        {
            Id = Guid.CreateVersion7(outcome.At),
            DeliveryId = claimed.Id,
            EndpointId = claimed.EndpointId,
            At = outcome.At,
            StatusCode = outcome.Status,
            LatencyMs = outcome.LatencyMs,
            Error = outcome.Error,
            ResponseExcerpt = outcome.Excerpt,
            Succeeded = succeeded,
        };

        // A delivery whose lease ran out meanwhile belongs to another worker now: log the attempt, leave its state alone.
        if (delivery is not null && delivery.LeaseToken == token)
        {
            delivery.AttemptCount++;
            delivery.LeaseToken = null;
            delivery.LeaseUntil = null;
            delivery.LastStatusCode = outcome.Status;
            delivery.LastError = outcome.Error ?? (succeeded ? null : WebhookRetryPolicy.Describe(outcome.Status, null));
            var next = succeeded || outcome.Final ? null : WebhookRetryPolicy.NextAttempt(delivery.AttemptCount, now, outcome.RetryAfter);
            if (succeeded)
            {
                delivery.State = WebhookDeliveryState.Succeeded;
                delivery.NextAttemptAt = null;
                delivery.CompletedAt = now;
            }
            else if (next is null)
            {
                delivery.State = WebhookDeliveryState.Failed;
                delivery.NextAttemptAt = null;
                delivery.CompletedAt = now;
                if (!outcome.Final)
                {
                    delivery.LastError = $"Gave up after {delivery.AttemptCount} attempts: {delivery.LastError}";
                }
            }
            else
            {
                delivery.NextAttemptAt = next;
            }

            attempt.NextRetryAt = next;
        }

        db.WebhookAttempts.Add(attempt);
        await db.SaveChangesAsync();

        var disabled = false;
        // A healthy endpoint's last success is refreshed at most once a minute: one write less per delivery under load.
        var known = claimed.Endpoint!;
        if (succeeded && (known.FailingSince is not null || known.LastSuccessAt is null || known.LastSuccessAt < now - TimeSpan.FromMinutes(1)))
        {
            // The same condition in SQL: deliveries claimed together (by several instances) carry the same stale copy of
            // the endpoint; once one has written, the others' updates match nothing instead of queueing on the row.
            var staleBefore = now - TimeSpan.FromMinutes(1);
            await db.WebhookEndpoints
                .Where(e => e.Id == claimed.EndpointId && (e.FailingSince != null || e.LastSuccessAt == null || e.LastSuccessAt < staleBefore))
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.FailingSince, (DateTimeOffset?)null).SetProperty(e => e.LastSuccessAt, now));
        }
        else if (!succeeded)
        {
            await db.WebhookEndpoints.Where(e => e.Id == claimed.EndpointId && e.FailingSince == null)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.FailingSince, outcome.At));
            var threshold = now - options.DisableAfter;
            var reason = $"Every delivery failed for {options.DisableAfter.TotalDays:0.#} days; last: {WebhookRetryPolicy.Describe(outcome.Status, outcome.Error)}";
            disabled = await db.WebhookEndpoints
                .Where(e => e.Id == claimed.EndpointId && e.DisabledAt == null && e.FailingSince != null && e.FailingSince <= threshold)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.DisabledAt, now).SetProperty(e => e.DisabledReason, Truncate(reason, 500))) == 1;
        }

        await transaction.CommitAsync();
        if (disabled)
        {
            LogDisabled(claimed.EndpointId);
            await TellOwnerAsync(db, claimed.Endpoint!);
        }
    }

    private async Task TellOwnerAsync(PortalDbContext db, WebhookEndpoint endpoint)
    {
        var email = await db.Users.Where(u => u.Id == endpoint.OwnerId).Select(u => u.Email).FirstOrDefaultAsync();
        if (email is null)
        {
            return;
        }

        await _mail.SendAsync(MailTemplate.Build(email, "A webhook endpoint was disabled after three days of failures", "Hello,",
            [$"Every delivery to your webhook endpoint {endpoint.Url} ({endpoint.Environment}) has failed for {_options.Value.DisableAfter.TotalDays:0.#} days, so we stopped sending to it.",
             "Events that happen while it is disabled are not queued for it. Once the receiver works again, enable the endpoint on the Webhooks page of the portal (/webhooks) and resend the deliveries you need from its delivery log."]));
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    public void Dispose()
    {
        _http.Dispose();
        _pass.Dispose();
        _wake.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook delivery {DeliveryId} could not be sent or recorded; its lease will run out and it will be tried again")]
    private partial void LogSendCrashed(Exception exception, Guid deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook endpoint {EndpointId} disabled after failing for too long")]
    private partial void LogDisabled(Guid endpointId);
}
