namespace Notarial.Portal.Features.Applications;

/// <summary>A new application and, for confidential kinds, its client secret: the only time the secret exists in clear.</summary>
public sealed record CreatedApplication(ApplicationView Application, string? ClientSecret);
