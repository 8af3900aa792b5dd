using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Notarial.Portal.Data;

/// <summary>
/// "One instance at a time" for work done at start against a shared database (migrations, the first admin): on
/// PostgreSQL a session advisory lock on a connection of its own, held until disposed, so instances starting together
/// take turns and each finds what the one before it made. On SQLite (one instance) it does nothing.
/// </summary>
public sealed class DatabaseStartupLock : IAsyncDisposable
{
    private readonly NpgsqlConnection? _connection;
    private readonly long _key;

    private DatabaseStartupLock(NpgsqlConnection? connection, long key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>Waits for the lock named <paramref name="key"/> on <paramref name="db"/>'s database.</summary>
    public static async Task<DatabaseStartupLock> AcquireAsync(PortalDbContext db, long key, CancellationToken cancellationToken)
    {
        if (db is not PostgreSqlPortalDbContext)
        {
            return new DatabaseStartupLock(null, key);
        }

        var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
            take.Parameters.AddWithValue("key", key);
            await take.ExecuteNonQueryAsync(cancellationToken);
            return new DatabaseStartupLock(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is null)
        {
            return;
        }

        try
        {
            // Explicitly: a pooled connection keeps its session (and the lock) after Close until it is reused.
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", _connection);
            release.Parameters.AddWithValue("key", _key);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
