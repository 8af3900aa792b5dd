using System.ComponentModel.DataAnnotations;

namespace Notarial.Portal.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// Which database the portal uses (section "Database"): SQLite, a file in the data directory unless "ConnectionStrings:Portal"
/// says otherwise (one instance); or PostgreSQL, whose connection string "ConnectionStrings:Portal" is then required (several instances).
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    [Required]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}
