using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Notarial.Portal.Features.Plugins;

/// <summary>
/// The API_BASE_URL given to plugins: <c>Plugins:ApiBaseUrl</c> when set (behind a proxy, or with https on a public
/// name), otherwise the address this server listens on, a wildcard host read as 127.0.0.1, plain http preferred (a
/// loopback call needs no certificate).
/// </summary>
public sealed class PluginApiBaseUrl(IOptions<PluginOptions> options, IServer server)
{
    public string Value
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(options.Value.ApiBaseUrl))
            {
                return options.Value.ApiBaseUrl.TrimEnd('/');
            }

            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var address = addresses.FirstOrDefault(a => a.StartsWith("http:", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault()
                ?? "http://127.0.0.1:5080";
            var uri = new UriBuilder(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
            if (uri.Host is "0.0.0.0" or "[::]" or "::")
            {
                uri.Host = "127.0.0.1";
            }

            return uri.Uri.GetLeftPart(UriPartial.Authority);
        }
    }
}
