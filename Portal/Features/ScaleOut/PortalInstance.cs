using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;

namespace Notarial.Portal.Features.ScaleOut;

/// <summary>
/// This instance as an operator knows it: <c>Instance:Name</c> when set, otherwise the machine's name and the address
/// the server listens on ("web-1 http://10.0.0.5:8080"). Leases carry it, so the others can say who holds one.
/// </summary>
public sealed class PortalInstance(IConfiguration configuration, IServer? server = null)
{
    public string Name
    {
        get
        {
            if (configuration["Instance:Name"] is { Length: > 0 } configured)
            {
                return configured;
            }

            var address = server?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            return address is null ? $"{Environment.MachineName} (process {Environment.ProcessId})" : $"{Environment.MachineName} {address}";
        }
    }
}
