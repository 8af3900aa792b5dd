namespace Notarial.Portal.Features.Applications;

/// <summary>How long the previous client secret keeps working after a rotation: now (not at all), 1 hour, 24 hours or 7 days.</summary>
public sealed record SecretRotationGrace(string Code, string Label, TimeSpan Duration)
{
    public static SecretRotationGrace Now { get; } = new("now", "Now", TimeSpan.Zero);

    public static SecretRotationGrace OneHour { get; } = new("1h", "1 hour", TimeSpan.FromHours(1));

    public static SecretRotationGrace OneDay { get; } = new("24h", "24 hours", TimeSpan.FromHours(24));

    public static SecretRotationGrace SevenDays { get; } = new("7d", "7 days", TimeSpan.FromDays(7));

    public static IReadOnlyList<SecretRotationGrace> All { get; } = [Now, OneHour, OneDay, SevenDays];

    /// <summary>Reads "now", "1h", "24h" or "7d".</summary>
    public static SecretRotationGrace? Find(string? code) =>
        All.FirstOrDefault(g => string.Equals(g.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase));
}
