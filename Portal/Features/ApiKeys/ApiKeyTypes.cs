using Notarial.Portal.Features.Scopes;

namespace Notarial.Portal.Features.ApiKeys;

/// <summary>What each <see cref="ApiKeyType"/> may carry, and how it is named in the API and the UI.</summary>
public static class ApiKeyTypes
{
    private static readonly IReadOnlyList<ScopeDefinition> ClientScopes =
        [.. new[] { ScopeCatalog.OrdersRead, ScopeCatalog.OrdersWrite, ScopeCatalog.InvoicesRead, ScopeCatalog.AppointmentsRead }.Select(s => ScopeCatalog.Find(s)!)];

    private static readonly IReadOnlyList<ScopeDefinition> PartnerScopes =
        [.. ScopeCatalog.Platform.Where(s => s.Name != ScopeCatalog.Admin)];

    public static IReadOnlyList<ApiKeyType> All { get; } = [ApiKeyType.Client, ApiKeyType.Partner, ApiKeyType.Internal];

    /// <summary>The scopes a key of this type may hold, in catalog order.</summary>
    public static IReadOnlyList<ScopeDefinition> AllowedScopes(ApiKeyType type) => type switch
    {
        ApiKeyType.Client => ClientScopes,
        ApiKeyType.Partner => PartnerScopes,
        _ => ScopeCatalog.Platform,
    };

    public static bool Allows(ApiKeyType type, string scope) => AllowedScopes(type).Any(s => s.Name == scope);

    /// <summary>Internal keys have no rate limit; the others always have one.</summary>
    public static bool HasRateLimit(ApiKeyType type) => type != ApiKeyType.Internal;

    /// <summary>Only administrators may create (or hold) internal keys.</summary>
    public static bool RequiresAdmin(ApiKeyType type) => type == ApiKeyType.Internal;

    /// <summary>The name in the API and the database: client, partner, internal.</summary>
    public static string Name(ApiKeyType type) => type switch
    {
        ApiKeyType.Client => "client",
        ApiKeyType.Partner => "partner",
        _ => "internal",
    };

    /// <summary>The type of a stored name; throws on anything else (the database holds only valid names).</summary>
    public static ApiKeyType Parse(string name) =>
        TryParse(name, out var type) ? type : throw new FormatException($"Unknown API key type '{name}'.");

    public static bool TryParse(string? name, out ApiKeyType type)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "client":
                type = ApiKeyType.Client;
                return true;
            case "partner":
                type = ApiKeyType.Partner;
                return true;
            case "internal":
                type = ApiKeyType.Internal;
                return true;
            default:
                type = default;
                return false;
        }
    }

    public static string Title(ApiKeyType type) => type switch
    {
        ApiKeyType.Client => "Client",
        ApiKeyType.Partner => "Partner",
        _ => "Internal",
    };

    public static string Description(ApiKeyType type) => type switch
    {
        ApiKeyType.Client => "For your clients to reach their own data: orders, invoices and appointments.",
        ApiKeyType.Partner => "For integration partners: any platform scope except admin, webhooks and bulk operations, with rate limits.",
        _ => "For your own scripts and systems: any scope including admin, no rate limit. Only administrators create them.",
    };
}
