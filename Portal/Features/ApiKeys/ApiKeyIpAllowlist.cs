using System.Net;
using System.Net.Sockets;

namespace Notarial.Portal.Features.ApiKeys;

/// <summary>
/// The addresses a key may be used from: IPv4 and IPv6 addresses and CIDR ranges, kept as <see cref="IPNetwork"/>s. A single
/// address is a /32 (or /128) range. IPv4 addresses written as IPv4-mapped IPv6 are read as IPv4, both in the list and in
/// the client address, so one rule matches however the socket reports the client.
/// </summary>
public static class ApiKeyIpAllowlist
{
    public const int MaxEntries = 50;
    private const int MaxEntryLength = 64;
    private static readonly char[] Separators = [' ', ',', ';', '\n', '\r', '\t'];

    /// <summary>Splits what a person typed (one per line, or separated by commas or spaces) into entries.</summary>
    public static IReadOnlyList<string> Split(string? text) =>
        text is null ? [] : text.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Parses entries; the networks when every entry is valid, else one message per bad entry.</summary>
    public static bool TryParse(IEnumerable<string> entries, out IReadOnlyList<IPNetwork> networks, out IReadOnlyList<string> errors)
    {
        var parsed = new List<IPNetwork>();
        var problems = new List<string>();
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            if (entry.Length == 0)
            {
                continue;
            }

            if (TryParseEntry(entry, out var network, out var problem))
            {
                if (!parsed.Contains(network))
                {
                    parsed.Add(network);
                }
            }
            else
            {
                problems.Add(problem);
            }
        }

        if (parsed.Count > MaxEntries)
        {
            problems.Add($"List at most {MaxEntries} addresses or ranges.");
        }

        networks = problems.Count == 0 ? parsed : [];
        errors = problems;
        return problems.Count == 0;
    }

    /// <summary>Reads the stored form (normalised ranges separated by spaces); null or empty means anywhere.</summary>
    public static IPNetwork[] FromStored(string? stored)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return [];
        }

        return [.. stored.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(IPNetwork.Parse)];
    }

    /// <summary>The stored form; null for an empty list (anywhere).</summary>
    public static string? ToStored(IReadOnlyList<IPNetwork> networks) =>
        networks.Count == 0 ? null : string.Join(' ', networks.Select(n => n.ToString()));

    /// <summary>Whether a client at <paramref name="address"/> may use a key with <paramref name="networks"/> (empty: anyone).</summary>
    public static bool Allows(IPNetwork[] networks, IPAddress? address)
    {
        if (networks.Length == 0)
        {
            return true;
        }

        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether every range of <paramref name="inner"/> lies inside some range of <paramref name="outer"/>.</summary>
    public static bool IsWithin(IReadOnlyList<IPNetwork> inner, IReadOnlyList<IPNetwork> outer) =>
        inner.All(n => outer.Any(o => o.BaseAddress.AddressFamily == n.BaseAddress.AddressFamily &&
            o.PrefixLength <= n.PrefixLength && o.Contains(n.BaseAddress)));

    private static bool TryParseEntry(string entry, out IPNetwork network, out string problem)
    {
        network = default;
        problem = "";
        var shown = entry.Length > MaxEntryLength ? entry[..MaxEntryLength] + "…" : entry;
        if (entry.Length > MaxEntryLength)
        {
            problem = $"“{shown}” is not an IP address or CIDR range.";
            return false;
        }

        var slash = entry.IndexOf('/', StringComparison.Ordinal);
        var addressPart = slash < 0 ? entry : entry[..slash];
        if (!IPAddress.TryParse(addressPart, out var address) || !LooksLikeAddress(addressPart))
        {
            problem = $"“{shown}” is not an IP address or CIDR range.";
            return false;
        }

        if (addressPart.Contains('%', StringComparison.Ordinal) || (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0))
        {
            problem = $"“{shown}”: leave out the zone (%...) of a link-local address.";
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = maxPrefix;
        if (slash >= 0 && (!int.TryParse(entry.AsSpan(slash + 1), System.Globalization.NumberStyles.None, null, out prefix) || prefix > maxPrefix))
        {
            problem = $"“{shown}”: the prefix length after / must be 0 to {maxPrefix}.";
            return false;
        }

        var masked = Mask(address, prefix);
        if (!masked.Equals(address))
        {
            problem = $"“{shown}” has bits set beyond its /{prefix} prefix: did you mean {masked}/{prefix}?";
            return false;
        }

        network = new IPNetwork(address, prefix);
        return true;
    }

    // IPAddress.TryParse also accepts forms nobody means in an allowlist, such as "1" (0.0.0.1) or "10.1" (10.0.0.1).
    private static bool LooksLikeAddress(string text) =>
        text.Contains(':', StringComparison.Ordinal) || text.Count(c => c == '.') == 3;

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var bits = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bits));
        }

        return new IPAddress(bytes);
    }
}
