using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Data;
using Npgsql;

namespace Notarial.Portal.Features.ScaleOut;

/// <summary>
/// Leases as PostgreSQL session advisory locks (pg_try_advisory_lock) on a connection held for the lease: one holder
/// across all instances, released on dispose or when the holder's connection ends (the instance died).
/// </summary>
public sealed class PostgreSqlJobLease(IDbContextFactory<PortalDbContext> contexts) : IJobLease
{
    private string? _connectionString;

    public async Task<IAsyncDisposable?> TryAcquireAsync(string job, CancellationToken cancellationToken = default)
    {
        if (_connectionString is null)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            // Pooling off: the lock belongs to the session, which must end with the lease, not live on in a pool.
            _connectionString = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false }.ConnectionString;
        }

        var key = KeyOf(job);
        var connection = new NpgsqlConnection(_connectionString);
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

    /// <summary>A stable 64-bit key per job name (the migration lock uses its own constant).</summary>
    public static long KeyOf(string job) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("notarial-job:" + job)), 0);

    private sealed class Lease(NpgsqlConnection connection) : IAsyncDisposable
    {
        // Closing the unpooled connection ends the session and with it the advisory lock.
        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
