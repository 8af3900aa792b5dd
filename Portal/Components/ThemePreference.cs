namespace Notarial.Portal.Components;

/// <summary>The light/dark choice the page was rendered with (from the theme cookie).</summary>
public sealed record ThemePreference(bool DarkMode);
