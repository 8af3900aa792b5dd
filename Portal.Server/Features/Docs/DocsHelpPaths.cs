using Notarial.Portal.Features.Docs;

namespace Notarial.Portal.Server.Features.Docs;

/// <summary>
/// Seed 002's help links (<c>/help/en/api/overview</c>, <c>/query</c>, <c>/odata</c>, <c>/imports</c>, <c>/webhooks</c>,
/// <c>/rate-limits</c>) lead to the guide whose front matter names that topic. Other languages fall back to English.
/// </summary>
public static class DocsHelpPaths
{
    public static IEndpointRouteBuilder MapDocsHelpPaths(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/help/{language}/api/{topic}", (string language, string topic, DocsLibrary library, HttpContext http) =>
                library.FindByHelpTopic(topic) is { } article
                    ? Results.Redirect($"{http.Request.PathBase}/{article.Href}")
                    : Results.Redirect($"{http.Request.PathBase}/docs?q={Uri.EscapeDataString(topic)}"))
            .AllowAnonymous()
            .ExcludeFromDescription();
        endpoints.MapGet("/help", (HttpContext http) => Results.Redirect($"{http.Request.PathBase}/docs")).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }
}
