using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Notarial.Portal.Features.Audit;

namespace Notarial.Portal.Features.Usage;

public partial class AuditLogPage
{
    private const int PageSize = 50;
    private readonly List<BreadcrumbItem> _breadcrumbs = [new("Usage", "usage"), new("Audit log", null, disabled: true)];
    private string _owner = "";
    private FilterDraft _draft = new();
    private AuditFilter _filter = new();
    private AuditPage? _page;
    private int _skip;
    private IReadOnlyList<UsageCredentialOption> _options = [];
    private Dictionary<string, string> _names = [];

    [Inject]
    private AuditSearch Search { get; set; } = default!;

    [Inject]
    private UsageReports Reports { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "credential")]
    public string? CredentialParameter { get; set; }

    private string ExportHref => "usage/log.csv" + (_filter.ToQueryString() is { Length: > 0 } query ? "?" + query : "");

    protected override async Task OnInitializedAsync()
    {
        _owner = (await AuthenticationState).User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        var now = Time.GetUtcNow();
        _options = await Reports.CredentialsAsync(_owner, now.AddDays(-90), now.AddHours(1));
        _names = _options.ToDictionary(o => o.Credential.ToString(), o => o.Name);
        if (UsageCredential.Parse(CredentialParameter) is { } credential)
        {
            _draft.Credential = credential.ToString();
            _filter = _draft.ToFilter();
        }

        await LoadAsync();
    }

    private async Task SearchAsync()
    {
        _filter = _draft.ToFilter();
        _skip = 0;
        await LoadAsync();
    }

    private async Task NextAsync()
    {
        _skip += PageSize;
        await LoadAsync();
    }

    private async Task PreviousAsync()
    {
        _skip = Math.Max(0, _skip - PageSize);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _page = null;
        _page = await Search.SearchAsync(_owner, _filter, _skip, PageSize);
    }

    private sealed class FilterDraft
    {
        public string Credential { get; set; } = "";

        public string? Status { get; set; }

        public string? ErrorCode { get; set; }

        public string? Path { get; set; }

        public string? IpAddress { get; set; }

        public DateRange? Days { get; set; }

        public AuditFilter ToFilter() => new()
        {
            Credential = UsageCredential.Parse(Credential),
            Status = Blank(Status),
            ErrorCode = Blank(ErrorCode),
            Path = Blank(Path),
            IpAddress = Blank(IpAddress),
            From = Days?.Start is { } from ? new DateTimeOffset(from.Date, TimeSpan.Zero) : null,
            To = Days?.End is { } to ? new DateTimeOffset(to.Date.AddDays(1), TimeSpan.Zero) : null,
        };

        private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
