using System.ComponentModel.DataAnnotations;

namespace Notarial.Portal.Data;

public enum DatabaseProvider
{
    Sqlite,
}

/// <summary>Which database the portal uses (section "Database"); the connection string is "ConnectionStrings:Portal".</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    [Required]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}
