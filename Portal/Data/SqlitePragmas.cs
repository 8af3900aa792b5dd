using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Notarial.Portal.Data;

/// <summary>
/// Sets per-connection SQLite pragmas: WAL lets readers run beside the one writer; synchronous=NORMAL drops the fsync per
/// commit (still durable across a process crash in WAL mode); busy_timeout makes a second writer wait instead of failing.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
