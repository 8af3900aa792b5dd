using Microsoft.AspNetCore.Components;
using Notarial.Portal.Features.Audit;

namespace Notarial.Portal.Features.Usage;

public partial class CredentialUsagePanel
{
    private const int LastRequests = 20;
    private UsageRange _range = UsageRange.Last(UsageRange.Week);
    private UsageQuery _query = default!;
    private UsageReport? _report;
    private IReadOnlyList<AuditLogEntry>? _last;
    private IReadOnlyList<string>? _unused;
    private (string, UsageCredential)? _loadedFor;

    [Inject]
    private AuditSearch Search { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    /// <summary>The signed-in account: only usage it may see is shown.</summary>
    [Parameter, EditorRequired]
    public string OwnerId { get; set; } = "";

    [Parameter, EditorRequired]
    public UsageCredential Credential { get; set; }

    /// <summary>The credential's scopes, for the least-privilege hint; none to skip it.</summary>
    [Parameter]
    public IReadOnlyList<string> HeldScopes { get; set; } = [];

    /// <summary>"key" or "application".</summary>
    [Parameter]
    public string Noun { get; set; } = "key";

    private string RangeText => _range.Preset switch
    {
        UsageRange.Day => "the last 24 hours",
        UsageRange.Month => "the last 30 days",
        _ => "the last 7 days",
    };

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedFor == (OwnerId, Credential))
        {
            return;
        }

        _loadedFor = (OwnerId, Credential);
        SetQuery();
        _last = null;
        _last = (await Search.SearchAsync(OwnerId, new AuditFilter { Credential = Credential }, 0, LastRequests)).Rows;
    }

    private void RangeChanged(UsageRange range)
    {
        _range = range;
        SetQuery();
    }

    private void SetQuery()
    {
        var (from, to) = _range.Resolve(Time.GetUtcNow());
        _query = new UsageQuery(OwnerId, from, to, Credential);
        _report = null;
        _unused = null;
    }

    private void Loaded(UsageReport report)
    {
        _report = report;
        _unused = report.IsEmpty || HeldScopes.Count == 0 ? null : UsageReports.UnusedScopes(HeldScopes, report.UsedScopes);
    }
}
