using Microsoft.Extensions.DependencyInjection;

namespace Notarial.Portal.Features.Applications;

public static class ApplicationsServiceCollectionExtensions
{
    /// <summary>Developers' OAuth applications: the service the portal and the management API share, and the batched
    /// "last token issued" times the token endpoint records.</summary>
    public static IServiceCollection AddApplications(this IServiceCollection services)
    {
        services.AddSingleton<ApplicationService>();
        services.AddSingleton<ApplicationTokenActivity>();
        services.AddHostedService<ApplicationTokenActivityFlusher>();
        return services;
    }
}
