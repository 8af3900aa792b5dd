using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Notarial.Portal.Features.Webhooks;

public static class WebhooksServiceCollectionExtensions
{
    /// <summary>Webhooks: the endpoints' service, the outbox publisher other features call, and the background sender.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookEvents>();
        services.AddSingleton<WebhookDestinationPolicy>();
        services.AddSingleton<WebhookSender>();
        services.TryAddSingleton<Platform.ApiActivity>();
        services.AddSingleton<WebhookPacer>();
        services.AddSingleton<WebhookService>();
        services.AddHostedService<WebhookWorker>();
        services.AddSingleton<WebhookRetention>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookRetention>());
        return services;
    }
}
