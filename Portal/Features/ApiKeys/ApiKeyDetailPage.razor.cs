using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Features.ApiKeys;

public partial class ApiKeyDetailPage
{
    private ApiKeyView? _key;
    private bool _loading = true;
    private DateTimeOffset _now;
    private ApiKeyActor _actor = default!;
    private bool _isAdmin;
    private string _ownerId = "";
    private List<BreadcrumbItem> _breadcrumbs = [new("API keys", "keys")];

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    private ApiKeyService Keys { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [CascadingParameter]
    private RequestOrigin? Origin { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        var user = (await AuthenticationState).User;
        _isAdmin = user.IsInRole(PortalRoles.Admin);
        _ownerId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        _actor = ApiKeyActor.Session(_ownerId, Origin ?? RequestOrigin.Unknown);
        _loading = true;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _key = (await Keys.GetAsync(_actor, Id)).Value;
        _now = Time.GetUtcNow();
        _breadcrumbs = [new("API keys", "keys"), new(_key?.Name ?? "Not found", null, disabled: true)];
        _loading = false;
    }

    private async Task EditAsync()
    {
        if (_key is not null && await ApiKeyDialogs.EditAsync(Dialogs, _actor, _key, _isAdmin) is not null)
        {
            Snackbar.Add("Saved. The new settings apply to the next request.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task RotateAsync()
    {
        if (_key is null || await ApiKeyDialogs.RotateAsync(Dialogs, _actor, _key) is not { } created)
        {
            return;
        }

        await LoadAsync();
        StateHasChanged();
        await ApiKeyDialogs.ShowSecretAsync(Dialogs, created, Navigation.BaseUri, $"The new key for “{created.Key.Name}”");
    }

    private async Task RevokeAsync()
    {
        if (_key is null || !await ApiKeyDialogs.ConfirmRevokeAsync(Dialogs, _key))
        {
            return;
        }

        var result = await Keys.RevokeAsync(_actor, _key.Id, "Revoked in the portal");
        Snackbar.Add(result.Succeeded ? $"“{_key.Name}” is revoked. Requests with it now fail." : result.Error!.Message,
            result.Succeeded ? Severity.Success : Severity.Error);
        await LoadAsync();
    }
}
