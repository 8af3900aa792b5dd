using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notarial.Portal.Features.Audit;

/// <summary>
/// Drains <see cref="AuditQueue"/> in batches, one transaction each (<see cref="IAuditStore"/>): while requests arrive
/// faster than a batch is written, the next batch simply grows. A failed batch is retried; one that still fails is
/// counted and logged with its size. When the host stops (after the server has finished its requests) the queue is
/// closed and written to the end, so a graceful shutdown loses no row.
/// </summary>
public sealed partial class AuditWriter(
    AuditQueue queue,
    IAuditStore store,
    IOptions<AuditOptions> options,
    TimeProvider time,
    ILogger<AuditWriter> logger) : BackgroundService
{
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)];
    private long _droppedReported;

    /// <summary>Completes when every platform request answered so far has its row written — for tests and tools; never
    /// needed by requests.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) => queue.WhenSettledAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditRecord>(options.Value.BatchSize);
        try
        {
            var delay = TimeSpan.FromMilliseconds(options.Value.BatchDelayMilliseconds);
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await queue.LetBatchFillAsync(options.Value.BatchSize, delay, stoppingToken);
                // A batch being written is finished even when the host stops meanwhile: its rows are already taken.
                await WriteNextBatchAsync(batch, RetryDelays, CancellationToken.None);
                ReportDrops();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync drains what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        queue.Complete();
        var batch = new List<AuditRecord>(options.Value.BatchSize);
        var drained = 0L;
        while (queue.Reader.TryPeek(out _))
        {
            drained += await WriteNextBatchAsync(batch, [TimeSpan.FromMilliseconds(200)], CancellationToken.None);
        }

        ReportDrops();
        var counters = queue.Counters;
        LogStopped(drained, counters.Written, counters.Dropped, counters.Failed);
    }

    private async Task<int> WriteNextBatchAsync(List<AuditRecord> batch, TimeSpan[] retryDelays, CancellationToken cancellationToken)
    {
        batch.Clear();
        while (batch.Count < options.Value.BatchSize && queue.Reader.TryRead(out var record))
        {
            batch.Add(record);
        }

        if (batch.Count == 0)
        {
            return 0;
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await store.WriteAsync(batch, cancellationToken);
                queue.Written(batch.Count);
                return batch.Count;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                if (attempt >= retryDelays.Length)
                {
                    queue.Failed(batch.Count);
                    LogBatchLost(exception, batch.Count);
                    return 0;
                }

                LogBatchRetry(exception, batch.Count, attempt + 1);
                await Task.Delay(retryDelays[attempt], time, cancellationToken);
            }
        }
    }

    private void ReportDrops()
    {
        var dropped = queue.Counters.Dropped;
        var reported = Interlocked.Exchange(ref _droppedReported, dropped);
        if (dropped > reported)
        {
            LogDropped(dropped - reported, dropped, options.Value.QueueCapacity);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit queue full: {Count} record(s) of platform requests dropped ({Total} since start; capacity {Capacity}). The requests themselves succeeded.")]
    private partial void LogDropped(long count, long total, int capacity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write a batch of {Count} audit record(s) (attempt {Attempt}); retrying")]
    private partial void LogBatchRetry(Exception exception, int count, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lost a batch of {Count} audit record(s): the database refused it after retries")]
    private partial void LogBatchLost(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit writer stopped: {Drained} record(s) written at shutdown; {Written} written, {Dropped} dropped, {Failed} failed since start")]
    private partial void LogStopped(long drained, long written, long dropped, long failed);
}
