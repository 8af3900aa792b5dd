using Notarial.Portal.Features.Scopes;

namespace Notarial.Portal.Tests.Features.Scopes;

public sealed class ScopeCatalogTests
{
    [Theory]
    [InlineData("orders:read", "orders:read", true)]
    [InlineData("read", "orders:read", true)]
    [InlineData("admin", "orders:read", true)]
    [InlineData("write", "orders:read", false)]
    [InlineData("orders:write", "orders:read", false)]
    [InlineData("invoices:read", "orders:read", false)]
    [InlineData("write", "bulk:write", true)]
    [InlineData("read", "webhooks:manage", false)]
    [InlineData("admin", "webhooks:manage", true)]
    [InlineData("delete", "delete", true)]
    [InlineData("write", "delete", false)]
    [InlineData("admin", "delete", true)]
    [InlineData("read", "keys:manage", false)]
    [InlineData("keys:manage", "keys:manage", true)]
    public void A_resource_scope_is_satisfied_by_itself_its_coarse_action_or_admin(string granted, string required, bool satisfied) =>
        Assert.Equal(satisfied, ScopeCatalog.Satisfies([granted], required));

    [Fact]
    public void Nothing_satisfies_a_scope_when_nothing_is_granted() =>
        Assert.False(ScopeCatalog.Satisfies([], "orders:read"));

    [Fact]
    public void The_catalog_has_the_products_scopes_and_no_duplicates()
    {
        Assert.Equal(ScopeCatalog.All.Count, ScopeCatalog.All.Select(s => s.Name).Distinct().Count());
        foreach (var name in new[] { "read", "write", "delete", "admin", "orders:read", "orders:write", "invoices:read", "appointments:read", "products:read",
                     "products:write", "companies:read", "notaries:read", "journal:read", "webhooks:manage", "bulk:write", "keys:manage", "apps:manage",
                     "openid", "profile", "email", "offline_access" })
        {
            Assert.True(ScopeCatalog.IsKnown(name), name);
        }

        Assert.DoesNotContain(ScopeCatalog.Platform, s => s.Kind == ScopeKind.OpenId);
    }

    [Theory]
    [InlineData("read:users", "users:read")]
    [InlineData("write:projects", "projects:write")]
    [InlineData("read:projects", "projects:read")]
    [InlineData("read:orders", "orders:read")]
    [InlineData("admin:all", "admin")]
    [InlineData("orders:read", "orders:read")]
    [InlineData("write:everything", "write:everything")]
    [InlineData("manage:keys", "manage:keys")]
    public void Seed_003s_action_first_spellings_are_read_as_the_catalogs_names(string written, string canonical) =>
        Assert.Equal(canonical, ScopeCatalog.Canonical(written));

    [Fact]
    public void Covers_refuses_anything_beyond_what_is_held()
    {
        Assert.True(ScopeCatalog.Covers(["read", "orders:write"], ["orders:read", "invoices:read", "orders:write"]));
        Assert.False(ScopeCatalog.Covers(["orders:read"], ["orders:read", "orders:write"]));
        Assert.False(ScopeCatalog.Covers(["orders:read"], ["read"]));
        Assert.True(ScopeCatalog.Covers(["admin"], ["read", "write", "keys:manage"]));
    }
}
