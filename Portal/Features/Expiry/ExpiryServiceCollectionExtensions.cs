using Microsoft.Extensions.DependencyInjection;

namespace Notarial.Portal.Features.Expiry;

public static class ExpiryServiceCollectionExtensions
{
    /// <summary>Expiry reminders (mail and webhook events) and the dashboard's list of what expires soon.</summary>
    public static IServiceCollection AddExpiryReminders(this IServiceCollection services)
    {
        services.AddOptions<ExpiryReminderOptions>().BindConfiguration(ExpiryReminderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ExpiryReminderService>();
        services.AddSingleton<ExpiringCredentials>();
        services.AddHostedService<ExpiryReminderWorker>();
        return services;
    }
}
