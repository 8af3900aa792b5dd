using System.Globalization;

namespace Notarial.Portal.Features.Applications;

/// <summary>How the application pages write times and counts.</summary>
internal static class ApplicationText
{
    public static string When(DateTimeOffset? value, string never = "never") =>
        value is { } at ? at.UtcDateTime.ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture) + " UTC" : never;

    public static string Count(int count, string one, string many) => count == 1 ? $"1 {one}" : $"{count.ToString("N0", CultureInfo.InvariantCulture)} {many}";
}
