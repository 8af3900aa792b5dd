using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Notarial.Portal.Components.Forms;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Features.TwoFactor.Pages;

/// <summary>
/// Two-factor settings, a static server-rendered page (it changes the session cookie and shows secrets once): set up an
/// authenticator app, see the status, make new recovery codes, move to a new app, turn 2FA off. New recovery codes are
/// rendered in the answer to the form post and nowhere else; the page is never cached.
/// </summary>
public partial class TwoFactorPage
{
    private const string RegenerateForm = "regenerate-recovery-codes";
    private const string ResetForm = "reset-authenticator";
    private const string DisableForm = "disable-two-factor";
    private const string CancelResetForm = "cancel-authenticator-reset";
    private const string ProofLabel = "Code from your app, or your password";

    private PortalUser? _user;
    private TwoFactorStatus _twoFactor = TwoFactorStatus.Off;
    private AuthenticatorSetup? _setup;
    private IReadOnlyList<string>? _newCodes;
    private DateTimeOffset _generatedAt;
    private string? _message;
    private string? _error;
    private string? _confirmError;
    private EditContext _regenerate = default!;
    private EditContext _reset = default!;
    private EditContext _disable = default!;

    [Inject]
    private UserManager<PortalUser> Users { get; set; } = default!;

    [Inject]
    private SignInManager<PortalUser> SignInManager { get; set; } = default!;

    [Inject]
    private TwoFactorService TwoFactor { get; set; } = default!;

    [Inject]
    private IdentityRedirectManager Redirects { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    /// <summary>"staff" when the admin area sent the user here (see <see cref="StaffTwoFactorRedirect"/>).</summary>
    [SupplyParameterFromQuery(Name = "required")]
    private string? Required { get; set; }

    [SupplyParameterFromForm(FormName = RegenerateForm)]
    private ProofModel Regenerate { get; set; } = default!;

    [SupplyParameterFromForm(FormName = ResetForm)]
    private ProofModel Reset { get; set; } = default!;

    [SupplyParameterFromForm(FormName = DisableForm)]
    private ProofModel Disable { get; set; } = default!;

    private bool StaffMustEnrol => Required == "staff";

    private bool IsStaff => HttpContext.User.IsInRole(PortalRoles.Support) || HttpContext.User.IsInRole(PortalRoles.Admin);

    private RequestOrigin Origin => RequestOrigin.From(HttpContext);

    protected override async Task OnInitializedAsync()
    {
        // The set-up key and new recovery codes are secrets: no copy in the browser's cache or a proxy's.
        HttpContext.Response.Headers.CacheControl = "no-store";
        Regenerate ??= new();
        Reset ??= new();
        Disable ??= new();
        _regenerate = new EditContext(Regenerate);
        _reset = new EditContext(Reset);
        _disable = new EditContext(Disable);

        _user = await Users.GetUserAsync(HttpContext.User);
        if (_user is null)
        {
            Redirects.RedirectTo("account/login");
            return;
        }

        if (HttpMethods.IsGet(HttpContext.Request.Method))
        {
            _message = IdentityRedirectManager.TakeStatus(HttpContext);
        }

        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _twoFactor = await TwoFactor.GetStatusAsync(_user!);
        _setup = !_twoFactor.Enabled || _twoFactor.NewAuthenticatorPending ? await TwoFactor.GetSetupAsync(_user!) : null;
    }

    private async Task ConfirmAsync(string code)
    {
        var wasEnabled = _twoFactor.Enabled;
        var result = await TwoFactor.ConfirmSetupAsync(_user!, code, Origin);
        if (!result.Succeeded)
        {
            _confirmError = string.Join(" ", result.Errors.Select(e => e.Message));
            return;
        }

        // Turning 2FA on or changing the app renewed the security stamp, which ends other sessions: keep this one.
        await SignInManager.RefreshSignInAsync(_user!);
        if (wasEnabled)
        {
            Redirects.RedirectToCurrentPageWithStatus("Your new authenticator app is set up and the old one no longer works. Other sessions and remembered browsers were signed out.", HttpContext);
            return;
        }

        ShowNewCodes(result.RecoveryCodes, "Two-factor authentication is on. From now on, signing in asks for a code from your app.");
        await LoadAsync();
    }

    private async Task RegenerateAsync()
    {
        var result = await TwoFactor.RegenerateRecoveryCodesAsync(_user!, Regenerate.Proof!, Origin);
        if (Refused(result, _regenerate, Regenerate))
        {
            return;
        }

        ShowNewCodes(result.RecoveryCodes, "New recovery codes were made. The old ones no longer work.");
        await LoadAsync();
    }

    private async Task StartResetAsync()
    {
        var result = await TwoFactor.StartAuthenticatorResetAsync(_user!, Reset.Proof!);
        if (!Refused(result, _reset, Reset))
        {
            Redirects.RedirectToCurrentPageWithStatus("Scan the new QR code with your new app, then enter a code from it.", HttpContext);
        }
    }

    private async Task CancelResetAsync()
    {
        await TwoFactor.CancelAuthenticatorResetAsync(_user!);
        Redirects.RedirectToCurrentPageWithStatus("Nothing changed: your current authenticator app stays.", HttpContext);
    }

    private async Task DisableAsync()
    {
        var result = await TwoFactor.DisableAsync(_user!, Disable.Proof!, Origin);
        if (Refused(result, _disable, Disable))
        {
            return;
        }

        await SignInManager.RefreshSignInAsync(_user!);
        Redirects.RedirectToCurrentPageWithStatus("Two-factor authentication is off. Signing in now needs only your password.", HttpContext);
    }

    private void ShowNewCodes(IReadOnlyList<string> codes, string message)
    {
        _newCodes = codes;
        _generatedAt = Time.GetUtcNow();
        _message = message;
    }

    private bool Refused(TwoFactorResult result, EditContext context, ProofModel model)
    {
        if (result.Succeeded)
        {
            return false;
        }

        _error = ServerValidation.Apply(context, new ValidationMessageStore(context), model, result.Errors);
        return true;
    }

    private sealed class ProofModel
    {
        [Required(ErrorMessage = "Enter a code from your app or your password.")]
        [StringLength(512)]
        public string? Proof { get; set; }
    }
}
