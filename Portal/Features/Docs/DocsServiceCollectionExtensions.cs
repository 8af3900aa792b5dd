using Microsoft.Extensions.DependencyInjection;

namespace Notarial.Portal.Features.Docs;

public static class DocsServiceCollectionExtensions
{
    /// <summary>The guides: the Markdown pages (read once) and the service that fills their samples for a reader.</summary>
    public static IServiceCollection AddDocsPages(this IServiceCollection services)
    {
        services.AddSingleton(_ => new DocsLibrary());
        services.AddScoped<DocsReaderService>();
        return services;
    }
}
