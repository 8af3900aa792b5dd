namespace Notarial.Portal.Components;

/// <summary>The light/dark choice the page was rendered with, and whether it came from the saved cookie (when it did not,
/// the interactive layout follows the operating system's setting).</summary>
public sealed record ThemePreference(bool DarkMode, bool Saved);
