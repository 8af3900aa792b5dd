using Microsoft.AspNetCore.Components;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.OAuth;

namespace Notarial.Portal.Features.Applications;

/// <summary>
/// The application form. Submitting checks <see cref="ApplicationRules"/> here first, so every field gets its message at
/// once; when they hold, <see cref="OnSubmit"/> runs (the page calls the service, whose own messages — a name already
/// used, a scope beyond the user's rights — come back through <see cref="Errors"/>).
/// </summary>
public partial class ApplicationForm
{
    private Dictionary<string, string> _messages = new(StringComparer.Ordinal);
    private IReadOnlyList<FieldError>? _shownErrors;
    private string? _summary;

    [Parameter, EditorRequired]
    public ApplicationFormModel Model { get; set; } = new();

    /// <summary>Registering (the type and environment can be chosen) rather than editing.</summary>
    [Parameter]
    public bool IsNew { get; set; }

    [Parameter]
    public bool CanPickAdmin { get; set; }

    /// <summary>Field errors from the service, shown next to their fields.</summary>
    [Parameter]
    public IReadOnlyList<FieldError>? Errors { get; set; }

    [Parameter]
    public EventCallback<ApplicationFormModel> OnSubmit { get; set; }

    [Parameter]
    public string SubmitText { get; set; } = "Save";

    [Parameter]
    public bool Busy { get; set; }

    /// <summary>Buttons shown before the submit button (Cancel...).</summary>
    [Parameter]
    public RenderFragment? Actions { get; set; }

    private string Placeholder => Model.Kind == ApplicationKind.SinglePage ? "https://app.example.com/callback or com.example.app:/callback" : "https://app.example.com/callback";

    private string ScopeHelp => Model.Kind == ApplicationKind.Machine
        ? "The access your machine client's tokens carry. Pick only what it needs."
        : "What your app may ask users for; each user sees these in plain words and decides. Sign-in scopes (openid, profile, email, offline_access) are always available.";

    protected override void OnParametersSet()
    {
        if (!ReferenceEquals(Errors, _shownErrors))
        {
            _shownErrors = Errors;
            Show(Errors ?? []);
        }
    }

    private async Task SubmitAsync()
    {
        var problems = ApplicationRules.Validate(Model.ToDraft(), null, out _);
        Show(problems);
        if (problems.Count == 0)
        {
            await OnSubmit.InvokeAsync(Model);
        }
    }

    private void Show(IEnumerable<FieldError> errors)
    {
        _messages = new Dictionary<string, string>(StringComparer.Ordinal);
        var general = new List<string>();
        foreach (var error in errors)
        {
            if (error.Field.Length == 0)
            {
                general.Add(error.Message);
            }
            else
            {
                _messages.TryAdd(error.Field, error.Message);
            }
        }

        _summary = general.Count > 0 ? string.Join(" ", general)
            : _messages.Count == 0 ? null
            : _messages.Count == 1 ? "Fix the field marked above."
            : $"Fix the {_messages.Count} fields marked above.";
    }

    private string? Message(string field) => _messages.GetValueOrDefault(field);

    private bool Has(string field) => _messages.ContainsKey(field);

    private void Clear(string field)
    {
        _messages.Remove(field);
        if (_messages.Count == 0)
        {
            _summary = null;
        }
    }

    /// <summary>Rows were added or removed: the list's messages no longer point at the right rows.</summary>
    private void ClearList(string field)
    {
        foreach (var key in _messages.Keys.Where(k => k == field || k.StartsWith(field + "[", StringComparison.Ordinal)).ToList())
        {
            _messages.Remove(key);
        }

        if (_messages.Count == 0)
        {
            _summary = null;
        }
    }

    private void KindChanged(ApplicationKind kind)
    {
        Model.Kind = kind;
        if (ApplicationKinds.SignsUsersIn(kind) && Model.RedirectUris.Count == 0)
        {
            Model.RedirectUris.Add("");
        }

        ClearList(ApplicationFields.RedirectUris);
        ClearList(ApplicationFields.PostLogoutRedirectUris);
        Clear(ApplicationFields.Scopes);
        Clear(ApplicationFields.Type);
    }
}
