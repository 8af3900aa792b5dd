namespace Notarial.Portal.Features.Admin;

/// <summary>Addresses of the admin area served outside Blazor (Portal.Server maps them).</summary>
public static class AdminPaths
{
    /// <summary>CSV of the security events, filtered by the query string: type, actor, subject, target, from, to (yyyy-MM-dd, UTC; "to" inclusive).</summary>
    public const string AuditExport = "admin/audit/export.csv";

    /// <summary>The platform request log, filtered (server-side paging) in the audit tab.</summary>
    public const string RequestLog = "admin/audit/requests";

    /// <summary>CSV of the platform request log, filtered by the query string: account, credential, status, path, from, to (yyyy-MM-dd, UTC; "to" inclusive).</summary>
    public const string RequestExport = "admin/audit/requests.csv";
}
