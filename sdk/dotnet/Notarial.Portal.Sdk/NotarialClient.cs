using Microsoft.Extensions.Http.Resilience;
using Notarial.Portal.Sdk.Api;

namespace Notarial.Portal.Sdk;

/// <summary>
/// The Notarial platform API.
/// <code>
/// using var client = new NotarialClient(new NotarialClientOptions { ApiKey = Environment.GetEnvironmentVariable("NOTARIAL_API_KEY") });
/// var result = await client.Auth.TestAsync();
/// Console.WriteLine($"Authentication valid: {result.Valid}");
/// </code>
/// Every call returns the answer's body and throws a <see cref="NotarialApiException"/> (with <c>Code</c> and <c>RequestId</c>)
/// when refused. <see cref="Api"/> is the generated client of every endpoint, with the same credentials, retries and errors.
/// In an app with dependency injection, register it with <see cref="NotarialServiceCollectionExtensions.AddNotarialClient"/>.
/// </summary>
public sealed class NotarialClient : IDisposable
{
    /// <summary>The package's version, sent in <c>X-Client-Version</c>.</summary>
    public const string Version = "0.1.0";

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>A client with its own connection pool (keep one for the application's lifetime).</summary>
    public NotarialClient(NotarialClientOptions options)
        : this(CreateHttpClient(options), ownsHttp: true)
    {
    }

    /// <summary>For IHttpClientFactory: <paramref name="httpClient"/> comes from <see cref="NotarialServiceCollectionExtensions.AddNotarialClient"/>,
    /// with the credential, retry and error handlers in place.</summary>
    [Microsoft.Extensions.DependencyInjection.ActivatorUtilitiesConstructor]
    public NotarialClient(HttpClient httpClient)
        : this(httpClient, ownsHttp: false)
    {
    }

    private NotarialClient(HttpClient http, bool ownsHttp)
    {
        _http = http;
        _ownsHttp = ownsHttp;
        Api = new NotarialApi(http);
        Auth = new AuthResource(Api);
        Orders = new OrdersResource(Api);
        Products = new ProductsResource(Api);
        Invoices = new InvoicesResource(Api);
        Appointments = new AppointmentsResource(Api);
    }

    /// <summary>Every endpoint of the OpenAPI document (generated with NSwag).</summary>
    public INotarialApi Api { get; }

    /// <summary><c>/api/auth/test</c>: who is calling.</summary>
    public AuthResource Auth { get; }

    /// <summary><c>/api/v1/orders</c>.</summary>
    public OrdersResource Orders { get; }

    /// <summary><c>/api/v1/products</c>.</summary>
    public ProductsResource Products { get; }

    /// <summary><c>/api/v1/invoices</c>.</summary>
    public InvoicesResource Invoices { get; }

    /// <summary><c>/api/v1/appointments</c>.</summary>
    public AppointmentsResource Appointments { get; }

    /// <summary>The address calls go to.</summary>
    public Uri? BaseAddress => _http.BaseAddress;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static HttpClient CreateHttpClient(NotarialClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var primary = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        var tokenClient = new HttpClient(primary, disposeHandler: false);
        var credential = NotarialCredential.From(options, () => tokenClient);

        // Outermost first: errors are thrown once retries are spent; every attempt gets its own credential and request id.
        var chain = new NotarialErrorHandler
        {
            InnerHandler = new ResilienceHandler(NotarialRetry.Pipeline(options))
            {
                InnerHandler = new NotarialAuthenticationHandler(credential, NotarialAuthenticationHandler.ClientVersion(options)) { InnerHandler = primary },
            },
        };
        return new HttpClient(chain) { BaseAddress = options.ResolvedBaseAddress };
    }
}
