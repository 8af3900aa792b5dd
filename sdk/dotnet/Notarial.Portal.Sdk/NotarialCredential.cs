using System.Net.Http.Headers;
using System.Text.Json;

namespace Notarial.Portal.Sdk;

/// <summary>Where the Authorization header of each call comes from.</summary>
internal abstract class NotarialCredential
{
    /// <summary>The header for the next call.</summary>
    public abstract ValueTask<AuthenticationHeaderValue> AuthorizationAsync(CancellationToken cancellationToken);

    /// <summary>Called once when the API refused the credential (401); true when a retry with a new one is worth it.</summary>
    public abstract bool Renew();

    public static NotarialCredential From(NotarialClientOptions options, Func<HttpClient> tokenClient)
    {
        options.Validate();
        if (options.ApiKey is not null)
        {
            return new StaticCredential(options.ApiKey);
        }

        if (options.AccessToken is not null)
        {
            return new StaticCredential(options.AccessToken);
        }

        return new ClientCredentialsToken(options, tokenClient);
    }

    /// <summary>An API key or an access token the caller manages, sent as a bearer credential.</summary>
    private sealed class StaticCredential(string secret) : NotarialCredential
    {
        private readonly AuthenticationHeaderValue _header = new("Bearer", secret);

        public override ValueTask<AuthenticationHeaderValue> AuthorizationAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_header);

        public override bool Renew() => false;
    }
}

/// <summary>
/// OAuth 2.0 client credentials: a token from <c>/auth/oauth/token</c> on first use and again shortly before it expires
/// (or when the API refuses it); concurrent calls wait for one token request.
/// </summary>
internal sealed class ClientCredentialsToken(NotarialClientOptions options, Func<HttpClient> tokenClient) : NotarialCredential
{
    /// <summary>Renew this long before the expiry, so a call never leaves with a token about to lapse.</summary>
    public static readonly TimeSpan RenewalMargin = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Uri _tokenEndpoint = new(options.ResolvedBaseAddress, "auth/oauth/token");
    private volatile Token? _token;

    public override async ValueTask<AuthenticationHeaderValue> AuthorizationAsync(CancellationToken cancellationToken)
    {
        if (Fresh(_token) is { } current)
        {
            return current.Header;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh(_token) is { } fetchedMeanwhile)
            {
                return fetchedMeanwhile.Header;
            }

            var token = await RequestAsync(cancellationToken).ConfigureAwait(false);
            _token = token;
            return token.Header;
        }
        finally
        {
            _gate.Release();
        }
    }

    public override bool Renew() => Interlocked.Exchange(ref _token, null) is not null;

    private Token? Fresh(Token? token) => token is not null && options.TimeProvider.GetUtcNow() < token.ExpiresAt - RenewalMargin ? token : null;

    private async Task<Token> RequestAsync(CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = options.ClientId!,
            ["client_secret"] = options.ClientSecret!,
        };
        if (options.Scope is not null)
        {
            form["scope"] = options.Scope;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _tokenEndpoint) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await tokenClient().SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw NotarialErrorHandler.ExceptionFor(response, body);
        }

        using var document = JsonDocument.Parse(body);
        var accessToken = document.RootElement.GetProperty("access_token").GetString()!;
        var lifetime = document.RootElement.TryGetProperty("expires_in", out var expiresIn) ? expiresIn.GetInt32() : 3600;
        return new Token(new AuthenticationHeaderValue("Bearer", accessToken), options.TimeProvider.GetUtcNow().AddSeconds(lifetime));
    }

    private sealed record Token(AuthenticationHeaderValue Header, DateTimeOffset ExpiresAt);
}
