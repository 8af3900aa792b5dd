namespace Notarial.Portal.Features.Applications;

/// <summary>A new client secret, shown once; the previous one works until <see cref="ApplicationView.PreviousSecretExpiresAt"/>.</summary>
public sealed record RotatedSecret(ApplicationView Application, string ClientSecret);
