using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Notarial.Portal.Sdk;

/// <summary>
/// The innermost handler: the credential, a new <c>X-Request-ID</c> for every attempt (so the server's log tells retries
/// apart) and <c>X-Client-Version</c>; a client-credentials token the API refuses is renewed and the call sent once more.
/// </summary>
internal sealed class NotarialAuthenticationHandler(NotarialCredential credential, string clientVersion) : DelegatingHandler
{
    public const string RequestIdHeader = "X-Request-ID";
    public const string ClientVersionHeader = "X-Client-Version";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await PrepareAsync(request, cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized && credential.Renew())
        {
            response.Dispose();
            await PrepareAsync(request, cancellationToken).ConfigureAwait(false);
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private async Task PrepareAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = await credential.AuthorizationAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Remove(RequestIdHeader);
        request.Headers.TryAddWithoutValidation(RequestIdHeader, NewRequestId());
        request.Headers.Remove(ClientVersionHeader);
        request.Headers.TryAddWithoutValidation(ClientVersionHeader, clientVersion);
    }

    public static string NewRequestId() => "req_" + Guid.NewGuid().ToString("N");

    /// <summary>The SDK's version and the caller's part, as the token the server keeps (letters, digits, <c>. - _ +</c>, at most 64).</summary>
    public static string ClientVersion(NotarialClientOptions options)
    {
        var version = "notarial-dotnet-" + NotarialClient.Version;
        if (options.UserAgent is { Length: > 0 } userAgent)
        {
            version += "+" + new string(userAgent.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '+' ? c : '-').ToArray());
        }

        return version.Length <= 64 ? version : version[..64];
    }
}

/// <summary>The outermost handler: once retries are spent, a refused answer becomes a <see cref="NotarialApiException"/>.</summary>
internal sealed class NotarialErrorHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw ExceptionFor(response, body);
        }
    }

    public static NotarialApiException ExceptionFor(HttpResponseMessage response, string body)
    {
        var headers = response.Headers.Concat(response.Content.Headers)
            .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.SelectMany(h => h.Value), StringComparer.OrdinalIgnoreCase);
        var exception = new NotarialApiException("", (int)response.StatusCode, body, headers, null);
        return new NotarialApiException($"{exception.Code}: {exception.ErrorMessage} (status {exception.StatusCode}, request {exception.RequestId})",
            (int)response.StatusCode, body, headers, null);
    }
}

/// <summary>Retries through Microsoft.Extensions.Http.Resilience: a 429 for any method (the server refused before doing
/// anything) after its Retry-After, a 5xx, 408 or a lost connection for idempotent methods, with exponential backoff and jitter.</summary>
internal static class NotarialRetry
{
    private static readonly HashSet<HttpMethod> Idempotent = [HttpMethod.Get, HttpMethod.Head, HttpMethod.Options, HttpMethod.Put, HttpMethod.Delete];

    public static HttpRetryStrategyOptions Options(NotarialClientOptions options) => new()
    {
        MaxRetryAttempts = options.MaxRetries,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = options.RetryBaseDelay,
        MaxDelay = options.MaxRetryDelay,
        ShouldRetryAfterHeader = true,
        ShouldHandle = arguments => ValueTask.FromResult(ShouldRetry(arguments.Outcome, arguments.Context.GetRequestMessage(), options.MaxRetryAfter)),
    };

    /// <summary>The pipeline for a client made without IHttpClientFactory (the same options as AddNotarialClient's).</summary>
    public static ResiliencePipeline<HttpResponseMessage> Pipeline(NotarialClientOptions options) =>
        options.MaxRetries == 0
            ? ResiliencePipeline<HttpResponseMessage>.Empty
            : new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = options.TimeProvider }.AddRetry(Options(options)).Build();

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request, TimeSpan maxRetryAfter)
    {
        var idempotent = request is not null && Idempotent.Contains(request.Method);
        if (outcome.Exception is not null)
        {
            return idempotent && outcome.Exception is HttpRequestException or TimeoutException;
        }

        var response = outcome.Result!;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var wait = response.Headers.RetryAfter?.Delta;
            return wait is null || wait <= maxRetryAfter;
        }

        return idempotent && (response.StatusCode == HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500);
    }
}
