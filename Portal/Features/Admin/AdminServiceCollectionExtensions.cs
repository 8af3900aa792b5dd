using Microsoft.Extensions.DependencyInjection;

namespace Notarial.Portal.Features.Admin;

public static class AdminServiceCollectionExtensions
{
    /// <summary>The admin area's searches, actions, audit reader and owner notices.</summary>
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddSingleton<AdminMails>();
        services.AddSingleton<AdminDirectory>();
        services.AddSingleton<AdminActions>();
        services.AddSingleton<AuditLogReader>();
        services.AddSingleton<AdminRequestLog>();
        services.AddSingleton<AdminUsage>();
        return services;
    }
}
