namespace Notarial.Portal.Features.Audit;

/// <summary>
/// The request side of the audit log: hands a record over without waiting (a bounded in-memory queue). A full queue
/// refuses the record and counts it; the request is never slowed or failed by auditing.
/// </summary>
public interface IAuditQueue
{
    /// <summary>Queues a record; false (and counted as dropped) when the queue is full or closed.</summary>
    bool TryEnqueue(AuditRecord record);

    /// <summary>Marks a request whose record is not queued yet (so <see cref="AuditWriter.FlushAsync"/> waits for it).</summary>
    void RequestStarted();

    void RequestEnded();

    AuditQueueCounters Counters { get; }
}

/// <summary>What the audit queue has seen since start.</summary>
public sealed record AuditQueueCounters(long Queued, long Written, long Dropped, long Failed, int Waiting);
