namespace Notarial.Portal.Features.ScaleOut;

/// <summary>A lease taken from <see cref="IJobLease"/>: dispose it to release it.</summary>
public interface IJobLeaseHandle : IAsyncDisposable
{
    /// <summary>
    /// Whether this holder still has the lease (a long-held lease asks before each period of work). False once the
    /// lease is gone — on PostgreSQL when the session holding it ended or cannot be reached — and the holder must stop
    /// the work, since another instance may take the lease over.
    /// </summary>
    Task<bool> IsHeldAsync(CancellationToken cancellationToken = default);
}
