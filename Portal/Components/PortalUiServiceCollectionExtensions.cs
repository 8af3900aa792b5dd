using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Notarial.Portal.Components;

public static class PortalUiServiceCollectionExtensions
{
    /// <summary>Blazor (interactive server) and MudBlazor.</summary>
    public static IServiceCollection AddPortalUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            options.SnackbarConfiguration.PreventDuplicates = false;
            options.SnackbarConfiguration.VisibleStateDuration = 6000;
        });
        return services;
    }
}
