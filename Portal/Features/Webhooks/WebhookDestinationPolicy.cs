using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Notarial.Portal.Features.Webhooks;

/// <summary>
/// Keeps deliveries off the server's own network: a destination that resolves to a loopback, link-local (which holds the
/// cloud metadata address 169.254.169.254), private, shared (CGNAT, where 100.100.100.200 lives), unspecified or multicast
/// address is refused, unless configuration allows loopback (tests, Development) or private networks. The check runs after
/// DNS resolution, on every attempt, and again on the address each new connection actually dials (so a name that
/// resolves differently between the check and the connection gains nothing).
/// </summary>
public sealed class WebhookDestinationPolicy(IOptions<WebhookOptions> options)
{
    private static readonly (IPNetwork Network, string Kind)[] Refused =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "unspecified"),
        (IPNetwork.Parse("10.0.0.0/8"), "private"),
        (IPNetwork.Parse("100.64.0.0/10"), "shared (carrier-grade NAT)"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local or cloud metadata"),
        (IPNetwork.Parse("172.16.0.0/12"), "private"),
        (IPNetwork.Parse("192.0.0.0/24"), "reserved"),
        (IPNetwork.Parse("192.168.0.0/16"), "private"),
        (IPNetwork.Parse("198.18.0.0/15"), "benchmarking"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved"),
        (IPNetwork.Parse("::/128"), "unspecified"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        (IPNetwork.Parse("fc00::/7"), "private"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
    ];

    /// <summary>Why <paramref name="address"/> is refused ("private", "loopback"...), or null when it may be dialled.</summary>
    public static string? Refusal(IPAddress address, WebhookOptions settings)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var (network, kind) in Refused)
        {
            if (network.Contains(address))
            {
                if (kind == "loopback" && settings.AllowLoopback)
                {
                    return null;
                }

                if (kind is "private" or "shared (carrier-grade NAT)" && settings.AllowPrivateNetworks)
                {
                    return null;
                }

                return kind;
            }
        }

        // NAT64 and 6to4 embed an IPv4 address: judge the address they lead to.
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            if (IPNetwork.Parse("64:ff9b::/96").Contains(address))
            {
                return Refusal(new IPAddress(bytes.AsSpan(12, 4)), settings);
            }

            if (IPNetwork.Parse("2002::/16").Contains(address))
            {
                return Refusal(new IPAddress(bytes.AsSpan(2, 4)), settings);
            }
        }

        return null;
    }

    /// <summary>Resolves <paramref name="host"/> and returns the addresses it may dial, or the reason it may not.</summary>
    public async Task<(IPAddress[] Addresses, string? Refusal)> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
            }
            catch (SocketException exception)
            {
                return ([], $"The host name {host} could not be resolved ({exception.SocketErrorCode}).");
            }
        }

        if (addresses.Length == 0)
        {
            return ([], $"The host name {host} has no address.");
        }

        // One refused address refuses the name: a name that mixes public and internal addresses is not to be trusted.
        foreach (var address in addresses)
        {
            if (Refusal(address, options.Value) is { } kind)
            {
                return ([], $"Refused: {host} resolves to {address}, a {kind} address.");
            }
        }

        return (addresses, null);
    }

    /// <summary>The connection callback of the sender's handler: dials only addresses the policy allows.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var (addresses, refusal) = await ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
        if (refusal is not null)
        {
            throw new WebhookDestinationRefusedException(refusal);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A destination the <see cref="WebhookDestinationPolicy"/> refuses (an expected outcome, recorded as an attempt).</summary>
public sealed class WebhookDestinationRefusedException(string message) : IOException(message);
