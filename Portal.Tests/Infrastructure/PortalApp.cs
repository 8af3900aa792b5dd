using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Notarial.Portal.Tests.Infrastructure;

/// <summary>
/// The portal on a real Kestrel server at 127.0.0.1 (a free port), with its own data directory (a real SQLite file,
/// migrated at start) and a clock tests can move. One instance is shared by the tests of a collection.
/// </summary>
public class PortalApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminEmail = "admin@notarial.test";
    public const string AdminPassword = "correct horse battery staple";

    private readonly string _dataDirectory;
    private readonly bool _ownsDataDirectory;
    private readonly string? _issuer;

    public PortalApp()
        : this(null)
    {
    }

    /// <summary>A portal on an existing data directory (to test what survives a restart), or a new one.</summary>
    internal PortalApp(string? dataDirectory, string? issuer = null)
    {
        _issuer = issuer;
        _ownsDataDirectory = dataDirectory is null;
        _dataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "notarial-tests", Guid.NewGuid().ToString("N"));
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    public TestClock Clock { get; } = new();

    public string DataDirectory => _dataDirectory;

    /// <summary>The server's address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; private set; } = default!;

    public Given Given => new(this);

    public Task InitializeAsync()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return Task.CompletedTask;
    }

    /// <summary>A client of the real server with its own cookie jar, not following redirects (tests assert them).</summary>
    public HttpClient NewClient(bool followRedirects = false) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = followRedirects, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = BaseAddress,
        };

    protected virtual void ConfigureSettings(IWebHostBuilder builder)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Outside Development the framework serves static web assets from a published wwwroot; tests run from the build output.
        builder.UseStaticWebAssets();
        builder.UseSetting("Portal:DataDirectory", _dataDirectory);
        builder.UseSetting("Edge:RequireHttps", "false");
        builder.UseSetting("Email:PickupPageEnabled", "true");
        builder.UseSetting("Bootstrap:AdminEmail", AdminEmail);
        builder.UseSetting("Bootstrap:AdminPassword", AdminPassword);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("OAuth:AllowHttp", "true");
        builder.UseSetting("OAuth:Keys:ActivationDelay", "00:00:00");

        // Receivers in tests listen on 127.0.0.1; tests run sending passes and reminder runs themselves, with the clock in hand.
        builder.UseSetting("Webhooks:AllowLoopback", "true");
        builder.UseSetting("Webhooks:RunSender", "false");
        builder.UseSetting("ExpiryReminders:RunInBackground", "false");

        // Every test request comes from 127.0.0.1: the default per-IP and per-credential budgets would be the tests' own
        // limit. Rate limiting has its own tests with small budgets (RateLimitTests).
        foreach (var kind in new[] { "ApiKey", "OAuthToken", "Session", "Anonymous" })
        {
            builder.UseSetting($"RateLimits:{kind}:PerHour", "1000000");
            builder.UseSetting($"RateLimits:{kind}:PerSecond", "100000");
        }

        // The same for failed client authentications per IP: the suite's tests that expect invalid_client add up. The
        // per-client budget stays at its default (ClientCredentialsTests checks it).
        builder.UseSetting("OAuth:TokenEndpoint:FailuresPerIp", "100000");

        if (_issuer is not null)
        {
            builder.UseSetting("OAuth:Issuer", _issuer);
        }

        ConfigureSettings(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_ownsDataDirectory)
        {
            return;
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finalizer is not worth failing a test run over; it lives in the temp folder.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalApp>
{
    public const string Name = "portal";
}
