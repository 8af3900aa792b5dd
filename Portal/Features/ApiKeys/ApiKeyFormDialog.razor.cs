using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using Notarial.Portal.Features.Platform;

namespace Notarial.Portal.Features.ApiKeys;

public partial class ApiKeyFormDialog
{
    private const string Keep = "keep";
    private const string Custom = "custom";
    private const string ExpiryDate = "expiry_date";

    private readonly HashSet<string> _scopes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);
    private string _name = "";
    private ApiKeyType _type = ApiKeyType.Client;
    private string _environment = PlatformEnvironments.Test;
    private string _expiry = ApiKeyExpiry.Default;
    private DateTime? _customDate;
    private string _allowedIps = "";
    private int? _perHour;
    private int? _burst;
    private string? _formError;
    private bool _busy;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private ApiKeyService Keys { get; set; } = default!;

    [Inject]
    private IOptions<ApiKeyOptions> Options { get; set; } = default!;

    /// <summary>Who acts: the signed-in person.</summary>
    [Parameter, EditorRequired]
    public ApiKeyActor Actor { get; set; } = default!;

    /// <summary>Whether internal keys may be created.</summary>
    [Parameter]
    public bool IsAdmin { get; set; }

    /// <summary>The key to edit; null to generate a new one.</summary>
    [Parameter]
    public ApiKeyView? Existing { get; set; }

    protected override void OnInitialized()
    {
        if (Existing is { } key)
        {
            _name = key.Name;
            _type = key.Type;
            _environment = key.Environment;
            _scopes.UnionWith(key.Scopes);
            _expiry = Keep;
            _allowedIps = string.Join('\n', key.AllowedIps);
            _perHour = key.RequestsPerHour;
            _burst = key.BurstPerSecond;
        }
        else
        {
            _perHour = Math.Min(Options.Value.DefaultRequestsPerHour, Options.Value.MaxRequestsPerHour(_type));
            _burst = Math.Min(Options.Value.DefaultBurstPerSecond, Options.Value.MaxBurstPerSecond(_type));
        }
    }

    private bool Has(string field) => _errors.ContainsKey(field);

    private string? ErrorOf(string field) => _errors.GetValueOrDefault(field);

    private void OnNameChanged(string name)
    {
        _name = name;
        _errors.Remove(ApiKeyFields.Name);
    }

    /// <summary>A new type allows other scopes and other limits: drop what it does not allow.</summary>
    private void OnTypeChanged(ApiKeyType type)
    {
        _type = type;
        _scopes.RemoveWhere(scope => !ApiKeyTypes.Allows(type, scope));
        _errors.Remove(ApiKeyFields.Type);
        _errors.Remove(ApiKeyFields.Scopes);
        if (ApiKeyTypes.HasRateLimit(type))
        {
            _perHour = Math.Min(_perHour ?? Options.Value.DefaultRequestsPerHour, Options.Value.MaxRequestsPerHour(type));
            _burst = Math.Min(_burst ?? Options.Value.DefaultBurstPerSecond, Options.Value.MaxBurstPerSecond(type));
        }
    }

    private void ToggleScope(string scope, bool on)
    {
        if (on)
        {
            _scopes.Add(scope);
        }
        else
        {
            _scopes.Remove(scope);
        }

        _errors.Remove(ApiKeyFields.Scopes);
    }

    private void OnExpiryChanged(string expiry)
    {
        _expiry = expiry;
        _errors.Remove(ApiKeyFields.Expires);
        _errors.Remove(ExpiryDate);
    }

    private void OnAllowedIpsChanged(string text)
    {
        _allowedIps = text;
        CheckAllowedIps();
    }

    private bool CheckAllowedIps()
    {
        if (ApiKeyIpAllowlist.TryParse(ApiKeyIpAllowlist.Split(_allowedIps), out _, out var problems))
        {
            _errors.Remove(ApiKeyFields.AllowedIps);
            return true;
        }

        _errors[ApiKeyFields.AllowedIps] = string.Join(" ", problems.Take(5));
        return false;
    }

    private void Cancel() => Dialog.Cancel();

    private async Task SubmitAsync()
    {
        _formError = null;
        _errors.Clear();
        if (string.IsNullOrWhiteSpace(_name))
        {
            _errors[ApiKeyFields.Name] = "Give the key a name, for example the system that will use it.";
        }

        if (_scopes.Count == 0)
        {
            _errors[ApiKeyFields.Scopes] = "Pick at least one scope.";
        }

        CheckAllowedIps();
        string? expires = _expiry switch
        {
            Keep => null,
            Custom => _customDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            _ => _expiry,
        };
        if (_expiry == Custom && expires is null)
        {
            _errors[ExpiryDate] = "Pick the last day the key works.";
        }

        if (_errors.Count > 0)
        {
            return;
        }

        _busy = true;
        try
        {
            var scopes = ApiKeyTypes.AllowedScopes(_type).Select(s => s.Name).Where(_scopes.Contains).ToList();
            var allowedIps = ApiKeyIpAllowlist.Split(_allowedIps);
            var limited = ApiKeyTypes.HasRateLimit(_type);
            if (Existing is null)
            {
                var created = await Keys.CreateAsync(Actor, new ApiKeyDraft(_name, ApiKeyTypes.Name(_type), _environment, scopes, expires, allowedIps,
                    limited ? _perHour : null, limited ? _burst : null));
                Finish(created.Value, created.Error);
            }
            else
            {
                var changes = new ApiKeyChanges(
                    Name: _name.Trim() == Existing.Name ? null : _name,
                    Scopes: scopes.SequenceEqual(Existing.Scopes) ? null : scopes,
                    Expires: expires,
                    AllowedIps: allowedIps.SequenceEqual(Existing.AllowedIps) ? null : allowedIps,
                    RequestsPerHour: limited && _perHour != Existing.RequestsPerHour ? _perHour : null,
                    BurstPerSecond: limited && _burst != Existing.BurstPerSecond ? _burst : null);
                var updated = await Keys.UpdateAsync(Actor, Existing.Id, changes);
                Finish(updated.Value, updated.Error);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private void Finish(object? value, ApiKeyError? error)
    {
        switch (error)
        {
            case null:
                Dialog.Close(DialogResult.Ok(value));
                break;
            case ApiKeyError.Invalid invalid:
                foreach (var field in invalid.Fields)
                {
                    _errors[field.Field] = field.Message;
                }

                _formError = "Some fields need another look.";
                break;
            default:
                _formError = error.Message;
                break;
        }
    }
}
