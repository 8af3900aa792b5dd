using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Features.Admin;

/// <summary>
/// What every admin tab shares: the signed-in staff member as an actor (the services check their powers again), and
/// the revoking-action flow — ask for a reason naming the target, run it, say what happened.
/// </summary>
public abstract class AdminPageBase : ComponentBase
{
    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [CascadingParameter]
    private RequestOrigin? Origin { get; set; }

    [Inject]
    protected IDialogService Dialogs { get; set; } = default!;

    [Inject]
    protected ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    protected TimeProvider Time { get; set; } = default!;

    protected StaffActor Actor { get; private set; } = new("", RequestOrigin.Unknown);

    /// <summary>Whether to show admin-only controls; the services decide what is allowed.</summary>
    protected bool IsAdmin { get; private set; }

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        Actor = StaffActor.From(user, Origin);
        IsAdmin = user.IsInRole(PortalRoles.Admin);
        await OnStaffReadyAsync();
    }

    /// <summary>Runs after <see cref="Actor"/> is known.</summary>
    protected virtual Task OnStaffReadyAsync() => Task.CompletedTask;

    /// <summary>Asks for a reason (naming the target), then runs the action; true when it succeeded.</summary>
    protected async Task<bool> ActAsync(string title, string consequence, string confirmText, Func<AdminReason, Task<AdminResult>> action, bool danger = true)
    {
        if (await AdminReasonDialog.AskAsync(Dialogs, title, consequence, confirmText, danger) is not { } reason)
        {
            return false;
        }

        var result = await action(reason);
        Snackbar.Add(result.Message, result.Succeeded ? Severity.Success : Severity.Error);
        return result.Succeeded;
    }

    protected static string When(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—";

    protected static string Count(int total, bool capped) =>
        capped ? $"{total:N0}+" : total.ToString("N0", CultureInfo.InvariantCulture);
}
