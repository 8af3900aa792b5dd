using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly;

namespace Notarial.Portal.Sdk;

/// <summary>Registers <see cref="NotarialClient"/> with IHttpClientFactory.</summary>
public static class NotarialServiceCollectionExtensions
{
    private const string TokenClientName = "Notarial.Portal.Sdk.Token";

    /// <summary>
    /// Registers <see cref="NotarialClient"/> as a typed HttpClient: the error handler, retries through
    /// Microsoft.Extensions.Http.Resilience, then the credential (one client-credentials token shared by every client).
    /// The returned builder takes further handlers or a primary handler.
    /// <code>services.AddNotarialClient(options => options.ApiKey = configuration["Notarial:ApiKey"]);</code>
    /// </summary>
    public static IHttpClientBuilder AddNotarialClient(this IServiceCollection services, Action<NotarialClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<NotarialClientOptions>().Configure(configure);
        services.AddHttpClient(TokenClientName);
        services.TryAddSingleton(provider => NotarialCredential.From(Options(provider),
            () => provider.GetRequiredService<IHttpClientFactory>().CreateClient(TokenClientName)));

        var builder = services.AddHttpClient<NotarialClient>((provider, http) => http.BaseAddress = Options(provider).ResolvedBaseAddress);
        builder.AddHttpMessageHandler(() => new NotarialErrorHandler());
        builder.AddResilienceHandler("notarial-retry", (pipeline, context) =>
        {
            var options = Options(context.ServiceProvider);
            if (options.MaxRetries > 0)
            {
                pipeline.AddRetry(NotarialRetry.Options(options));
            }
        });
        builder.AddHttpMessageHandler(provider => new NotarialAuthenticationHandler(provider.GetRequiredService<NotarialCredential>(),
            NotarialAuthenticationHandler.ClientVersion(Options(provider))));
        return builder;
    }

    private static NotarialClientOptions Options(IServiceProvider provider) => provider.GetRequiredService<IOptions<NotarialClientOptions>>().Value;
}
