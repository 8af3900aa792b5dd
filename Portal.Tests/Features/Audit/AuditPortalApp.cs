using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Notarial.Portal.Features.Audit;

namespace Notarial.Portal.Tests.Features.Audit;

/// <summary>A portal of its own for audit tests that stop it, fill its queue or move its clock far: on its own data
/// directory (kept after stopping, to read what was written) and with a store whose writes wait for <see cref="Gate"/>.</summary>
internal sealed class AuditPortalApp(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null) : PortalApp(dataDirectory)
{
    public GatedAuditStore Gate { get; } = new();

    public string DatabasePath => Path.Combine(DataDirectory, "portal.db");

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "notarial-tests", Guid.NewGuid().ToString("N"));

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(name, value);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IAuditStore>();
            services.AddSingleton<SqlAuditStore>();
            services.AddSingleton<IAuditStore>(provider =>
            {
                Gate.Inner = provider.GetRequiredService<SqlAuditStore>();
                return Gate;
            });
        });
    }
}

/// <summary>Holds every batch until <see cref="Open"/> (open from the start unless <see cref="Close"/> is called).</summary>
internal sealed class GatedAuditStore : IAuditStore
{
    private TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GatedAuditStore() => _open.SetResult();

    public IAuditStore Inner { get; set; } = default!;

    /// <summary>Completes when the writer has taken a batch and is waiting at the closed gate.</summary>
    public Task Entered => _entered.Task;

    public void Close() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _open.TrySetResult();

    public async Task WriteAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken)
    {
        if (!_open.Task.IsCompleted)
        {
            _entered.TrySetResult();
        }

        await _open.Task.WaitAsync(cancellationToken);
        await Inner.WriteAsync(batch, cancellationToken);
    }
}
