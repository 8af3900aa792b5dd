namespace Notarial.Portal.Features.ApiKeys;

/// <summary>When and from where a key was last used.</summary>
public readonly record struct ApiKeyUsage(DateTimeOffset At, string? IpAddress);
