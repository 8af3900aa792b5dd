using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Data;
using Npgsql;

namespace Notarial.Portal.Features.ScaleOut;

/// <summary>
/// Leases as PostgreSQL session advisory locks (pg_try_advisory_lock) on a connection held for the lease: one holder
/// across all instances, released on dispose or when the holder's connection ends (the instance died). The lease's
/// session is named after the instance (application_name), so any instance can say who holds a lease.
/// </summary>
public sealed class PostgreSqlJobLease(IDbContextFactory<PortalDbContext> contexts, PortalInstance instance) : IJobLease
{
    private const string NamePrefix = "notarial lease: ";

    private string? _connectionString;

    public async Task<IJobLeaseHandle?> TryAcquireAsync(string job, CancellationToken cancellationToken = default)
    {
        if (_connectionString is null)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            // Pooling off: the lock belongs to the session, which must end with the lease, not live on in a pool.
            _connectionString = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false }.ConnectionString;
        }

        var key = KeyOf(job);
        // PostgreSQL keeps the first 63 bytes of a session's name.
        var name = NamePrefix + instance.Name;
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connectionString) { ApplicationName = name.Length <= 63 ? name : name[..63] }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", key);
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!)
            {
                var lease = new Lease(connection);
                connection = null;
                return lease;
            }

            return null;
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    public async Task<string?> HolderAsync(string job, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        // A bigint advisory lock shows in pg_locks as its high half (classid), its low half (objid) and objsubid 1.
        await using var command = new NpgsqlCommand("""
            SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.classid::bigint = @high AND l.objid::bigint = @low
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            LIMIT 1
            """, connection);
        var key = KeyOf(job);
        command.Parameters.AddWithValue("high", (long)((ulong)key >> 32));
        command.Parameters.AddWithValue("low", key & 0xFFFFFFFFL);
        return await command.ExecuteScalarAsync(cancellationToken) is string holder
            ? holder.StartsWith(NamePrefix, StringComparison.Ordinal) ? holder[NamePrefix.Length..] : holder
            : null;
    }

    /// <summary>A stable 64-bit key per job name (the migration lock uses its own constant).</summary>
    public static long KeyOf(string job) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("notarial-job:" + job)), 0);

    private sealed class Lease(NpgsqlConnection connection) : IJobLeaseHandle
    {
        private readonly SemaphoreSlim _gate = new(1, 1);

        /// <summary>The session still answers: the lock lives as long as it does (it ends only with the session here).</summary>
        public async Task<bool> IsHeldAsync(CancellationToken cancellationToken = default)
        {
            // One command at a time on the lease's connection.
            await _gate.WaitAsync(cancellationToken);
            try
            {
                if (connection.FullState != System.Data.ConnectionState.Open)
                {
                    return false;
                }

                await using var command = new NpgsqlCommand("SELECT 1", connection);
                return await command.ExecuteScalarAsync(cancellationToken) is 1;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                // The session was ended (terminated, network gone, database restarted): the lock went with it.
                return false;
            }
            finally
            {
                _gate.Release();
            }
        }

        // Closing the unpooled connection ends the session and with it the advisory lock.
        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
