using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Notarial.Portal.Components.Shared;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Features.Applications;

/// <summary>
/// One application: its credentials (rotate the secret), activity and grants, quickstart, settings, disable / enable
/// and delete. Another developer's application looks like a missing one.
/// </summary>
public partial class ApplicationDetailPage
{
    private ApplicationView? _application;
    private string _ownerId = "";
    private IReadOnlyList<ApplicationGrant>? _grants;
    private ApplicationFormModel? _model;
    private IReadOnlyList<FieldError>? _errors;
    private int _formVersion;
    private bool _loading = true;
    private bool _busy;
    private bool _canPickAdmin;

    [Parameter]
    public string Id { get; set; } = "";

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

    protected override async Task OnParametersSetAsync()
    {
        _loading = true;
        var actor = await ActorAsync();
        _ownerId = actor.UserId;
        _canPickAdmin = actor.HoldsAdmin;
        await LoadAsync(actor);
        _loading = false;
    }

    private async Task<ApplicationActor> ActorAsync() => ApplicationActor.FromPortalUser((await AuthenticationState).User, Origin);

    private async Task LoadAsync(ApplicationActor actor)
    {
        var result = await Applications.GetAsync(actor, Id);
        Show(result.Value);
        _grants = result.Value is { SignsUsersIn: true } ? (await Applications.ListGrantsAsync(actor, Id)).Value : null;
    }

    private void Show(ApplicationView? application)
    {
        _application = application;
        _model = application is null ? null : ApplicationFormModel.For(application);
        _errors = null;
        _formVersion++;
    }

    private async Task SaveAsync(ApplicationFormModel model)
    {
        await RunAsync(async actor =>
        {
            var result = await Applications.UpdateAsync(actor, Id, model.ToChanges());
            if (result.Value is { } updated)
            {
                Show(updated);
                Snackbar.Add("Changes saved.", Severity.Success);
            }
            else if (result.Error is ApplicationError.NotFound)
            {
                Show(null);
            }
            else
            {
                _errors = ApplicationErrorMessages.ToFieldErrors(result.Error!);
            }
        });
    }

    private async Task RotateAsync()
    {
        var application = _application!;
        var dialog = await Dialogs.ShowAsync<RotateSecretDialog>($"Rotate the secret of {application.Name}",
            new DialogParameters<RotateSecretDialog> { { d => d.Application, application } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is not { Canceled: false, Data: string grace })
        {
            return;
        }

        await RunAsync(async actor =>
        {
            var result = await Applications.RotateSecretAsync(actor, Id, grace);
            if (result.Value is not { } rotated)
            {
                Snackbar.Add(result.Error!.Message, Severity.Error);
                return;
            }

            Show(rotated.Application);
            var parameters = new DialogParameters<SecretDialog>
            {
                { d => d.Title, $"New client secret for {rotated.Application.Name}" },
                { d => d.SecretName, "client secret" },
                { d => d.Secret, rotated.ClientSecret },
                { d => d.ChildContent, ApplicationSecretNotes.ClientId(rotated.Application.ClientId) },
            };
            var shown = await Dialogs.ShowAsync<SecretDialog>("New client secret", parameters,
                new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = false });
            await shown.Result;
        });
    }

    private async Task DisableAsync()
    {
        var name = _application!.Name;
        if (!await ConfirmDialog.AskAsync(Dialogs, $"Disable {name}?",
                $"{name} gets no new tokens, and every access token it holds stops working at once. You can enable it again later.", "Disable"))
        {
            return;
        }

        await SetDisabledAsync(true);
    }

    private Task EnableAsync() => SetDisabledAsync(false);

    private async Task SetDisabledAsync(bool disabled)
    {
        await RunAsync(async actor =>
        {
            var result = await Applications.SetDisabledAsync(actor, Id, disabled);
            if (result.Value is { } view)
            {
                Show(view);
                Snackbar.Add(disabled ? $"{view.Name} is disabled; its tokens no longer work." : $"{view.Name} is enabled again.", Severity.Success);
            }
            else
            {
                Snackbar.Add(result.Error!.Message, Severity.Error);
            }
        });
    }

    private async Task DeleteAsync()
    {
        var application = _application!;
        var users = application.SignsUsersIn && application.ActiveGrants > 0
            ? $" The {ApplicationText.Count(application.ActiveGrants, "user who connected it loses", "users who connected it lose")} the connection."
            : "";
        if (!await ConfirmDialog.AskAsync(Dialogs, $"Delete {application.Name}?",
                $"{application.Name} ({application.ClientId}) is deleted for good: every token it holds stops working at once.{users} This cannot be undone.",
                $"Delete {application.Name}"))
        {
            return;
        }

        await RunAsync(async actor =>
        {
            var result = await Applications.DeleteAsync(actor, Id);
            if (result.Succeeded || result.Error is ApplicationError.NotFound)
            {
                Snackbar.Add($"{application.Name} is deleted.", Severity.Success);
                Navigation.NavigateTo("apps");
            }
            else
            {
                Snackbar.Add(result.Error!.Message, Severity.Error);
            }
        });
    }

    private async Task RunAsync(Func<ApplicationActor, Task> operation)
    {
        _busy = true;
        try
        {
            await operation(await ActorAsync());
        }
        finally
        {
            _busy = false;
        }
    }
}
