namespace Notarial.Portal.Features.Platform;

/// <summary>
/// Counts the platform API requests this instance has served, so background work that shares the machine (the webhook
/// sender) can tell when the API is busy and give way. One interlocked increment per request.
/// </summary>
public sealed class ApiActivity
{
    private long _requests;

    /// <summary>Platform API requests since the process started.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Called once per platform API request.</summary>
    public void Served() => Interlocked.Increment(ref _requests);
}
