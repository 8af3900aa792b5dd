using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace Notarial.Portal.Components.Layout;

public partial class MainLayout
{
    private MudThemeProvider? _themeProvider;
    private bool _drawerOpen = true;
    private bool _darkMode;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [CascadingParameter]
    private ThemePreference? Theme { get; set; }

    protected override void OnInitialized() => _darkMode = Theme?.DarkMode ?? false;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // No saved choice yet: follow the operating system's setting.
        if (firstRender && _themeProvider is not null && Theme is not { Saved: true } && await _themeProvider.GetSystemDarkModeAsync() != _darkMode)
        {
            _darkMode = !_darkMode;
            StateHasChanged();
        }
    }

    private void ToggleDrawer() => _drawerOpen = !_drawerOpen;

    private async Task ToggleDarkModeAsync()
    {
        _darkMode = !_darkMode;
        await JS.InvokeVoidAsync("notarial.theme.set", _darkMode ? "dark" : "light");
    }
}
