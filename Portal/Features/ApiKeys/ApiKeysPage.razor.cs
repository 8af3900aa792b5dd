using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Features.ApiKeys;

public partial class ApiKeysPage
{
    private IReadOnlyList<ApiKeyView>? _keys;
    private DateTimeOffset _now;
    private ApiKeyActor _actor = default!;
    private bool _isAdmin;

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

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        _isAdmin = user.IsInRole(PortalRoles.Admin);
        _actor = ApiKeyActor.Session(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", Origin ?? RequestOrigin.Unknown);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _keys = await Keys.ListAsync(_actor);
        _now = Time.GetUtcNow();
    }

    private async Task GenerateAsync()
    {
        if (await ApiKeyDialogs.GenerateAsync(Dialogs, _actor, _isAdmin) is not { } created)
        {
            return;
        }

        await LoadAsync();
        StateHasChanged();
        await ApiKeyDialogs.ShowSecretAsync(Dialogs, created, Navigation.BaseUri, "Your new API key");
    }

    private async Task RotateAsync(ApiKeyView key)
    {
        if (await ApiKeyDialogs.RotateAsync(Dialogs, _actor, key) is not { } created)
        {
            return;
        }

        await LoadAsync();
        StateHasChanged();
        await ApiKeyDialogs.ShowSecretAsync(Dialogs, created, Navigation.BaseUri, $"The new key for “{key.Name}”");
    }

    private async Task RevokeAsync(ApiKeyView key)
    {
        if (!await ApiKeyDialogs.ConfirmRevokeAsync(Dialogs, key))
        {
            return;
        }

        var result = await Keys.RevokeAsync(_actor, key.Id, "Revoked in the portal");
        if (result.Succeeded)
        {
            Snackbar.Add($"“{key.Name}” is revoked. Requests with it now fail.", Severity.Success);
        }
        else
        {
            Snackbar.Add(result.Error!.Message, Severity.Error);
        }

        await LoadAsync();
    }
}
