namespace Notarial.Portal.Features.Caching;

/// <summary>
/// A change that in-memory caches must forget at once: a key revoked, a token or grant revoked, an application
/// disabled, a user locked. <paramref name="Topic"/> names the cache ("api_key", "oauth_token", "oauth_authorization",
/// "oauth_client", "user"...), <paramref name="Id"/> the entry.
/// </summary>
public sealed record InvalidationMessage(string Topic, string Id);

/// <summary>
/// Tells every instance's caches that something changed. In one process it is a direct call (<see cref="InProcessInvalidationBus"/>);
/// with several instances it travels through Redis pub/sub. Caches must also bound how long an entry lives, so a lost
/// message cannot keep a revoked credential alive for long.
/// </summary>
public interface IInvalidationBus
{
    /// <summary>Delivers the message to every subscriber of every instance (this one included, synchronously).</summary>
    Task PublishAsync(InvalidationMessage message, CancellationToken cancellationToken = default);

    /// <summary>Registers a handler for one topic; dispose the result to stop.</summary>
    IDisposable Subscribe(string topic, Action<InvalidationMessage> handler);
}
