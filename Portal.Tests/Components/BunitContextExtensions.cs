using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace Notarial.Portal.Tests.Components;

public static class BunitContextExtensions
{
    /// <summary>MudBlazor's services and loose JS interop (MudBlazor calls JS that bUnit does not run).</summary>
    public static BunitContext WithPortalUi(this BunitContext context)
    {
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        return context;
    }

    /// <summary>Renders as the portal's interactive server renderer would. Register every service before calling this.</summary>
    public static IRenderedComponent<TComponent> RenderInteractive<TComponent>(this BunitContext context, Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : IComponent
    {
        context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return context.Render(parameters);
    }
}
