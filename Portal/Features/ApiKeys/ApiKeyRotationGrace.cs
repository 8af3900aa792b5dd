namespace Notarial.Portal.Features.ApiKeys;

/// <summary>How long the old key keeps working after a rotation: now, 1 hour, 24 hours or 7 days.</summary>
public sealed record ApiKeyRotationGrace(string Name, TimeSpan Duration, string Title)
{
    public static ApiKeyRotationGrace Now { get; } = new("now", TimeSpan.Zero, "Stop the old key now");
    public static ApiKeyRotationGrace OneHour { get; } = new("1h", TimeSpan.FromHours(1), "1 hour");
    public static ApiKeyRotationGrace OneDay { get; } = new("24h", TimeSpan.FromHours(24), "24 hours");
    public static ApiKeyRotationGrace SevenDays { get; } = new("7d", TimeSpan.FromDays(7), "7 days");

    public static IReadOnlyList<ApiKeyRotationGrace> All { get; } = [Now, OneHour, OneDay, SevenDays];

    public static ApiKeyRotationGrace? Find(string? name) =>
        All.FirstOrDefault(g => string.Equals(g.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
}
