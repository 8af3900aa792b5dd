using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Options;
using Notarial.Portal.Data;
using Notarial.Portal.Features.ScaleOut;

namespace Notarial.Portal.Server.Hosting;

public static class HostingExtensions
{
    /// <summary>
    /// In Development, reads the repository's root appsettings.Development.json (one folder above the host's content root)
    /// right after the other JSON files, so environment variables and command-line settings still override it.
    /// </summary>
    public static WebApplicationBuilder AddRootDevelopmentSettings(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
        {
            return builder;
        }

        var path = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, "..", "appsettings.Development.json"));
        if (!File.Exists(path))
        {
            return builder;
        }

        var sources = builder.Configuration.Sources;
        var lastJson = -1;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource)
            {
                lastJson = i;
            }
        }

        var source = new JsonConfigurationSource { Path = path, Optional = true, ReloadOnChange = false };
        source.ResolveFileProvider();
        sources.Insert(lastJson + 1, source);
        return builder;
    }

    /// <summary>Console logs with scopes (the request id travels in one); JSON lines outside Development.</summary>
    public static WebApplicationBuilder AddPortalLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment())
        {
            builder.Logging.AddSimpleConsole(o => { o.IncludeScopes = true; o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        }
        else
        {
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        }

        return builder;
    }

    /// <summary>
    /// The Data Protection key ring (cookies, antiforgery, protected signing keys): in the data directory, or with
    /// "Redis:Configuration" set in Redis, so that a cookie or antiforgery token made by one instance is accepted by the
    /// others — with a copy in the data directory for a restart while Redis is unreachable.
    /// </summary>
    public static IServiceCollection AddPortalDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("Notarial.Portal");
        services.AddOptions<KeyManagementOptions>()
            .Configure<DataDirectory, ILoggerFactory, IOptions<RedisOptions>, IServiceProvider>((options, directory, loggers, redis, provider) =>
                options.XmlRepository = redis.Value.Enabled
                    ? new MirroredXmlRepository(
                        new RedisXmlRepository(() => provider.GetRequiredService<RedisConnection>().Multiplexer.GetDatabase(), redis.Value.Prefix + "data-protection-keys"),
                        new FileSystemXmlRepository(new DirectoryInfo(directory.Folder("keys-copy")), loggers),
                        loggers.CreateLogger<MirroredXmlRepository>())
                    : new FileSystemXmlRepository(new DirectoryInfo(directory.Folder("keys")), loggers));
        return services;
    }

    /// <summary>Serves the repository's wwwroot-assets folder (logo, favicon, site css/js) under /assets: from the source
    /// folder when running from the repository, else from the copy beside the binaries (a published build).</summary>
    public static WebApplication UseBrandAssets(this WebApplication app)
    {
        var source = Path.GetFullPath(Path.Combine(app.Environment.ContentRootPath, "..", "wwwroot-assets"));
        var folder = Directory.Exists(source) ? source : Path.Combine(AppContext.BaseDirectory, "wwwroot-assets");
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(folder),
            RequestPath = "/assets",
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
        return app;
    }
}
