namespace Notarial.Portal.Features.Admin;

/// <summary>Addresses of the admin area served outside Blazor (Portal.Server maps them).</summary>
public static class AdminPaths
{
    /// <summary>CSV of the security events, filtered by the query string: type, actor, subject, target, from, to (yyyy-MM-dd, UTC; "to" inclusive).</summary>
    public const string AuditExport = "admin/audit/export.csv";
}
