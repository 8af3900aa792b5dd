using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Notarial.Portal.Components.Shared;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Features.Applications;

/// <summary>
/// Registers an application. A confidential one's secret is shown once in a dialog (with its client id) before the
/// developer moves on to the application's page; it is not kept anywhere after that.
/// </summary>
public partial class NewApplicationPage
{
    private readonly ApplicationFormModel _model = new();
    private IReadOnlyList<FieldError>? _errors;
    private bool _busy;
    private bool _canPickAdmin;

    [Inject]
    private ApplicationService Applications { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [CascadingParameter]
    private RequestOrigin Origin { get; set; } = RequestOrigin.Unknown;

    protected override async Task OnInitializedAsync() =>
        _canPickAdmin = ApplicationActor.FromPortalUser((await AuthenticationState).User, Origin).HoldsAdmin;

    private async Task CreateAsync(ApplicationFormModel model)
    {
        _busy = true;
        try
        {
            var actor = ApplicationActor.FromPortalUser((await AuthenticationState).User, Origin);
            var result = await Applications.CreateAsync(actor, model.ToDraft());
            if (result.Value is not { } created)
            {
                _errors = ApplicationErrorMessages.ToFieldErrors(result.Error!);
                return;
            }

            if (created.ClientSecret is { } secret)
            {
                await ShowSecretAsync(created.Application, secret);
            }
            else
            {
                Snackbar.Add($"{created.Application.Name} is registered. Its client ID is on its page.", Severity.Success);
            }

            Navigation.NavigateTo($"apps/{Uri.EscapeDataString(created.Application.Id)}");
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ShowSecretAsync(ApplicationView application, string secret)
    {
        var parameters = new DialogParameters<SecretDialog>
        {
            { d => d.Title, $"{application.Name} is registered" },
            { d => d.SecretName, "client secret" },
            { d => d.Secret, secret },
            { d => d.ChildContent, ApplicationSecretNotes.ClientId(application.ClientId) },
        };
        var options = new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = false };
        var dialog = await Dialogs.ShowAsync<SecretDialog>("Client secret", parameters, options);
        await dialog.Result;
    }
}
