using MudBlazor;

namespace Notarial.Portal.Components;

/// <summary>The portal's MudBlazor theme: indigo brand, readable contrast in both modes.</summary>
public static class PortalTheme
{
    /// <summary>Cookie that remembers light or dark mode, read when a page is rendered on the server.</summary>
    public const string CookieName = "np-theme";

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            Secondary = "#00897b",
            AppbarBackground = "#283593",
            AppbarText = "#ffffff",
            Background = "#f5f6fa",
            DrawerBackground = "#ffffff",
            TextPrimary = "#1f2933",
            TextSecondary = "#52606d",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8c9eff",
            PrimaryContrastText = "#0d1030",
            Secondary = "#4db6ac",
            AppbarBackground = "#1a1d2e",
            AppbarText = "#e8eaf6",
            Background = "#12141f",
            Surface = "#1c1f2e",
            DrawerBackground = "#171a28",
            TextPrimary = "#e8eaf6",
            TextSecondary = "#b0b7d1",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };
}
