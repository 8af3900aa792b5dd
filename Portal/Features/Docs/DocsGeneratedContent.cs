using System.Text;
using Notarial.Portal.Features.Scopes;

namespace Notarial.Portal.Features.Docs;

/// <summary>
/// The parts of the guides generated from the code, so they never drift from it: <c>{{scope_table}}</c> from
/// <see cref="ScopeCatalog"/>, <c>{{openid_scope_table}}</c>, and <c>{{error_table}}</c> / <c>{{error_details}}</c> from
/// <see cref="ApiErrorCatalog"/>.
/// </summary>
public static class DocsGeneratedContent
{
    public static string? Find(string name) => name switch
    {
        "scope_table" => ScopeTable(ScopeCatalog.Platform),
        "openid_scope_table" => ScopeTable(ScopeCatalog.All.Where(s => s.Kind == ScopeKind.OpenId)),
        "error_table" => ErrorTable(),
        "error_details" => ErrorDetails(),
        _ => null,
    };

    private static string ScopeTable(IEnumerable<ScopeDefinition> scopes)
    {
        var text = new StringBuilder("| Scope | In plain words | Also satisfied by |\n| --- | --- | --- |\n");
        foreach (var scope in scopes)
        {
            var satisfiedBy = scope.Kind switch
            {
                ScopeKind.Resource when ScopeCatalog.ActionOf(scope.Name) is { } action => $"`{action}`, `admin`",
                ScopeKind.Resource or ScopeKind.Management => "`admin`",
                ScopeKind.Coarse when scope.Name != ScopeCatalog.Admin => "`admin`",
                _ => "—",
            };
            text.Append($"| `{scope.Name}` | **{scope.Title}**: {scope.Description} | {satisfiedBy} |\n");
        }

        return text.ToString();
    }

    private static string ErrorTable()
    {
        var text = new StringBuilder("| Code | Status | Type |\n| --- | --- | --- |\n");
        foreach (var error in ApiErrorCatalog.All)
        {
            text.Append($"| [`{error.Code}`](docs/errors#{error.Code}) | {error.Status} | `{error.Type}` |\n");
        }

        return text.ToString();
    }

    private static string ErrorDetails()
    {
        var text = new StringBuilder();
        foreach (var error in ApiErrorCatalog.All)
        {
            text.Append($"### {error.Code}\n\n**{error.Status}**, type `{error.Type}`.\n\n**Cause.** {error.Cause}\n\n**Fix.** {error.Fix}\n\n");
        }

        return text.ToString();
    }
}
