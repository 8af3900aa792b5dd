using Microsoft.Extensions.DependencyInjection;

namespace Notarial.Portal.Features.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>The API audit log: the queue requests hand records to, the batch writer and its store, retention, and the
    /// usage reports the portal's pages read. The request hook is the host's (UseApiAudit).</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AuditQueue>();
        services.AddSingleton<IAuditQueue>(provider => provider.GetRequiredService<AuditQueue>());
        services.AddSingleton<IAuditStore, SqlAuditStore>();
        services.AddSingleton<AuditWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<AuditWriter>());
        services.AddSingleton<AuditRetention>();
        services.AddHostedService(provider => provider.GetRequiredService<AuditRetention>());
        services.AddSingleton<Usage.UsageReports>();
        services.AddSingleton<Usage.AuditSearch>();
        return services;
    }
}
