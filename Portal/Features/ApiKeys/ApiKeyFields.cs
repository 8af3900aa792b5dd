namespace Notarial.Portal.Features.ApiKeys;

/// <summary>The names of a key's fields in validation errors: the API's JSON names, which the form maps to its inputs.</summary>
public static class ApiKeyFields
{
    public const string Name = "name";
    public const string Type = "type";
    public const string Environment = "environment";
    public const string Scopes = "scopes";
    public const string Expires = "expires";
    public const string AllowedIps = "allowed_ips";
    public const string RequestsPerHour = "requests_per_hour";
    public const string BurstPerSecond = "burst_per_second";
    public const string Grace = "grace";
    public const string Reason = "reason";
    public const string Key = "key";
}
