namespace Notarial.Portal.Sdk;

/// <summary>How a <see cref="NotarialClient"/> reaches the platform API and proves who it is. Set exactly one credential:
/// <see cref="ApiKey"/>, <see cref="AccessToken"/>, or <see cref="ClientId"/> with <see cref="ClientSecret"/>.</summary>
public sealed class NotarialClientOptions
{
    /// <summary>The address used when <see cref="BaseAddress"/> is not set and <c>NOTARIAL_BASE_URL</c> is not in the environment.</summary>
    public static readonly Uri DefaultBaseAddress = new("http://localhost:5080/");

    /// <summary>An API key (<c>notary_…</c> or <c>notary_test_…</c>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>An OAuth access token obtained by your application (authorization code with PKCE).</summary>
    public string? AccessToken { get; set; }

    /// <summary>A machine-to-machine application's client id: the client fetches and renews client-credentials tokens itself.</summary>
    public string? ClientId { get; set; }

    /// <summary>The application's client secret (with <see cref="ClientId"/>).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Scopes to ask for with client credentials (space-separated); by default all the application was given.</summary>
    public string? Scope { get; set; }

    /// <summary>The portal's address; by default <c>NOTARIAL_BASE_URL</c> from the environment, else http://localhost:5080.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>Retries after the first attempt of a 429 (any method) or a 5xx / network failure (idempotent methods); 0 turns retrying off.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first backoff step; each retry doubles it, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest <c>Retry-After</c> honoured: a longer wait is the caller's decision, so the 429 is thrown.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Your application's name and version, sent in <c>X-Client-Version</c> after the SDK's (<c>notarial-dotnet-0.1.0+my-app-1.2</c>).</summary>
    public string? UserAgent { get; set; }

    /// <summary>The clock deciding when a client-credentials token is renewed and how retries wait.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal Uri ResolvedBaseAddress
    {
        get
        {
            var address = BaseAddress ?? (Environment.GetEnvironmentVariable("NOTARIAL_BASE_URL") is { Length: > 0 } fromEnvironment
                ? new Uri(fromEnvironment)
                : DefaultBaseAddress);
            return address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
        }
    }

    /// <summary>Throws when the options name no credential, or more than one.</summary>
    internal void Validate()
    {
        var given = new[] { ApiKey is not null, AccessToken is not null, ClientId is not null || ClientSecret is not null }.Count(g => g);
        if (given != 1)
        {
            throw new ArgumentException(given == 0
                ? "NotarialClientOptions needs one credential: ApiKey, AccessToken, or ClientId with ClientSecret."
                : "NotarialClientOptions takes one credential, not several.");
        }

        if ((ClientId is null) != (ClientSecret is null))
        {
            throw new ArgumentException("Client credentials need both ClientId and ClientSecret.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries);
    }
}
