namespace Notarial.Portal.Features.Scopes;

/// <summary>One scope of the catalog, with the words a person reads on a consent screen or a key form.</summary>
public sealed record ScopeDefinition(string Name, string Title, string Description, ScopeKind Kind);

public enum ScopeKind
{
    /// <summary>read, write, delete, admin (seed 000): satisfy every resource scope of their action.</summary>
    Coarse,

    /// <summary>resource:action, e.g. orders:read.</summary>
    Resource,

    /// <summary>keys:manage, apps:manage: a credential that manages its owner's own credentials.</summary>
    Management,

    /// <summary>openid, profile, email, offline_access: only for OAuth clients.</summary>
    OpenId,
}

/// <summary>
/// The platform's scopes (PRODUCT.md) and the one rule that decides whether granted scopes satisfy a required one:
/// a resource scope is satisfied by itself, by the coarse scope of its action, or by <c>admin</c>.
/// </summary>
public static class ScopeCatalog
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Delete = "delete";
    public const string Admin = "admin";
    public const string OrdersRead = "orders:read";
    public const string OrdersWrite = "orders:write";
    public const string InvoicesRead = "invoices:read";
    public const string AppointmentsRead = "appointments:read";
    public const string ProductsRead = "products:read";
    public const string ProductsWrite = "products:write";
    public const string CompaniesRead = "companies:read";
    public const string NotariesRead = "notaries:read";
    public const string JournalRead = "journal:read";
    public const string UsersRead = "users:read";
    public const string ProjectsRead = "projects:read";
    public const string ProjectsWrite = "projects:write";
    public const string WebhooksManage = "webhooks:manage";
    public const string BulkWrite = "bulk:write";
    public const string KeysManage = "keys:manage";
    public const string AppsManage = "apps:manage";
    public const string OpenId = "openid";
    public const string Profile = "profile";
    public const string Email = "email";
    public const string OfflineAccess = "offline_access";

    public static IReadOnlyList<ScopeDefinition> All { get; } =
    [
        new(Read, "Read access", "View data including orders, companies, invoices, notaries and journal entries.", ScopeKind.Coarse),
        new(Write, "Write access", "Create and modify records across all modules.", ScopeKind.Coarse),
        new(Delete, "Delete access", "Permanently delete records.", ScopeKind.Coarse),
        new(Admin, "Admin access", "Full system access including settings, user management and configuration.", ScopeKind.Coarse),
        new(OrdersRead, "Read orders", "See orders and their status.", ScopeKind.Resource),
        new(OrdersWrite, "Manage orders", "Create and change orders.", ScopeKind.Resource),
        new(InvoicesRead, "Read invoices", "See invoices.", ScopeKind.Resource),
        new(AppointmentsRead, "Read appointments", "See appointments.", ScopeKind.Resource),
        new(ProductsRead, "Read products", "See products, prices and stock.", ScopeKind.Resource),
        new(ProductsWrite, "Manage products", "Create and change products.", ScopeKind.Resource),
        new(CompaniesRead, "Read companies", "See company records.", ScopeKind.Resource),
        new(NotariesRead, "Read notaries", "See notary records.", ScopeKind.Resource),
        new(JournalRead, "Read the journal", "See journal entries.", ScopeKind.Resource),
        new(UsersRead, "Read users", "See user information: the credential's own account (every account for admin).", ScopeKind.Resource),
        new(ProjectsRead, "Read projects", "See project data (seed 003's read:projects).", ScopeKind.Resource),
        new(ProjectsWrite, "Manage projects", "Create and change projects (seed 003's write:projects).", ScopeKind.Resource),
        new(WebhooksManage, "Manage webhooks", "Register and change webhook endpoints and read their deliveries.", ScopeKind.Resource),
        new(BulkWrite, "Bulk operations", "Import records in bulk from files.", ScopeKind.Resource),
        new(KeysManage, "Manage API keys", "Create, rotate and revoke the account's own API keys, never with more rights than this credential.", ScopeKind.Management),
        new(AppsManage, "Manage applications", "Register and change the account's own OAuth applications.", ScopeKind.Management),
        new(OpenId, "Sign you in", "Confirm who you are to the application.", ScopeKind.OpenId),
        new(Profile, "Your profile", "Your name.", ScopeKind.OpenId),
        new(Email, "Your email address", "The email address of your account.", ScopeKind.OpenId),
        new(OfflineAccess, "Stay connected", "Keep access when you are not using the application, until you revoke it.", ScopeKind.OpenId),
    ];

    private static readonly Dictionary<string, ScopeDefinition> ByName = All.ToDictionary(s => s.Name, StringComparer.Ordinal);

    /// <summary>Every scope an API credential (key or token) may carry: all but the OpenID ones.</summary>
    public static IReadOnlyList<ScopeDefinition> Platform { get; } = All.Where(s => s.Kind != ScopeKind.OpenId).ToList();

    public static bool IsKnown(string scope) => ByName.ContainsKey(scope);

    /// <summary>
    /// The catalog's name for a scope written the way seed 003 writes them, action first: <c>read:users</c> is
    /// <c>users:read</c>, <c>write:projects</c> is <c>projects:write</c>, <c>admin:all</c> is <c>admin</c> (PRODUCT.md: the
    /// seeds' names are read as the <c>resource:action</c> form plus coarse scopes). Any other value comes back unchanged,
    /// so unknown scopes stay unknown.
    /// </summary>
    public static string Canonical(string scope)
    {
        if (ByName.ContainsKey(scope))
        {
            return scope;
        }

        if (scope == "admin:all")
        {
            return Admin;
        }

        var colon = scope.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && scope[..colon] is Read or Write or Delete)
        {
            var swapped = scope[(colon + 1)..] + ":" + scope[..colon];
            return ByName.ContainsKey(swapped) ? swapped : scope;
        }

        return scope;
    }

    public static ScopeDefinition? Find(string scope) => ByName.GetValueOrDefault(scope);

    /// <summary>Whether a credential holding <paramref name="granted"/> may do what <paramref name="required"/> allows.</summary>
    public static bool Satisfies(IEnumerable<string> granted, string required)
    {
        var action = ActionOf(required);
        foreach (var scope in granted)
        {
            if (scope == required || scope == Admin || (action is not null && scope == action))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="held"/> covers every scope of <paramref name="requested"/> (a credential never
    /// grants more than it has).</summary>
    public static bool Covers(IReadOnlyCollection<string> held, IEnumerable<string> requested) =>
        requested.All(scope => Satisfies(held, scope) || (Find(scope)?.Kind == ScopeKind.Coarse && held.Contains(Admin)));

    /// <summary>The coarse scope that satisfies a resource scope: "orders:write" → "write". Null when there is none.</summary>
    public static string? ActionOf(string scope)
    {
        var colon = scope.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }

        var action = scope[(colon + 1)..];
        return action is Read or Write or Delete ? action : null;
    }
}
