using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Notarial.Portal.Features.Audit;

namespace Notarial.Portal.Features.Usage;

public partial class UsagePage
{
    private const string AllValue = "all";
    private string _owner = "";
    private UsageRange _range = UsageRange.Last(UsageRange.Day);
    private string _environment = AllValue;
    private string _credential = AllValue;
    private IReadOnlyList<UsageCredentialOption> _options = [];
    private UsageQuery? _query;

    [Inject]
    private UsageReports Reports { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>"api_key:&lt;id&gt;" or "oauth_token:&lt;client id&gt;", so other pages can link to a credential's usage.</summary>
    [SupplyParameterFromQuery(Name = "credential")]
    public string? CredentialParameter { get; set; }

    [SupplyParameterFromQuery(Name = "range")]
    public string? RangeParameter { get; set; }

    private string LogHref => "usage/log" + (_credential == AllValue ? "" : "?credential=" + Uri.EscapeDataString(_credential));

    protected override async Task OnInitializedAsync()
    {
        _owner = (await AuthenticationState).User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        if (UsageCredential.Parse(CredentialParameter) is { } credential)
        {
            _credential = credential.ToString();
        }

        _range = UsageRange.Parse(RangeParameter) ?? _range;
        await Apply();
    }

    private async Task EnvironmentChanged(string value)
    {
        _environment = value;
        await Apply();
    }

    private async Task CredentialChanged(string value)
    {
        _credential = value;
        await Apply();
    }

    private async Task Apply()
    {
        var now = Time.GetUtcNow();
        var (from, to) = _range.Resolve(now);
        _options = await Reports.CredentialsAsync(_owner, from, to);
        _query = new UsageQuery(_owner, from, to, UsageCredential.Parse(_credential), _environment == AllValue ? null : _environment);
    }
}
