namespace Notarial.Portal.Features.ScaleOut;

/// <summary>
/// "Only one instance does this now": singleton background jobs (expiry reminders, audit retention) take the job's lease
/// for a run and skip the run when another instance holds it. On PostgreSQL the lease is a session advisory lock, so an
/// instance that dies (even by SIGKILL) loses its leases with its connections; on SQLite there is one instance and the
/// lease only keeps two runs of this process apart.
/// A lease held for as long as the holder lives ("run the plugins on this instance") gives failover: the others try
/// again periodically and one of them gets it when the holder is gone.
/// </summary>
public interface IJobLease
{
    /// <summary>The lease of <paramref name="job"/>, or null when another holder has it. Dispose the lease to release it.</summary>
    Task<IJobLeaseHandle?> TryAcquireAsync(string job, CancellationToken cancellationToken = default);

    /// <summary>The <see cref="PortalInstance.Name"/> of the instance holding <paramref name="job"/>'s lease now, or null
    /// when nobody holds it.</summary>
    Task<string?> HolderAsync(string job, CancellationToken cancellationToken = default);
}
