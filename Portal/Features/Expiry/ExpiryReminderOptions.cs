using System.ComponentModel.DataAnnotations;

namespace Notarial.Portal.Features.Expiry;

/// <summary>Expiry reminders (section "ExpiryReminders").</summary>
public sealed class ExpiryReminderOptions
{
    public const string Section = "ExpiryReminders";

    /// <summary>Run the reminder job in the background on this instance.</summary>
    public bool RunInBackground { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);
}
