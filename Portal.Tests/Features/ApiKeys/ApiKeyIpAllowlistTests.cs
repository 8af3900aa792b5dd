using System.Net;
using Notarial.Portal.Features.ApiKeys;

namespace Notarial.Portal.Tests.Features.ApiKeys;

public sealed class ApiKeyIpAllowlistTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7/32")]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData("2001:db8::/32", "2001:db8::/32")]
    [InlineData("2001:db8::1", "2001:db8::1/128")]
    [InlineData("::ffff:192.0.2.1", "192.0.2.1/32")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    public void Addresses_and_ranges_are_normalised(string entry, string stored)
    {
        Assert.True(ApiKeyIpAllowlist.TryParse([entry], out var networks, out _));
        Assert.Equal(stored, ApiKeyIpAllowlist.ToStored(networks));
    }

    [Theory]
    [InlineData("localhost", "is not an IP address")]
    [InlineData("10.0.0.1/8", "did you mean 10.0.0.0/8?")]
    [InlineData("10.0.0.0/33", "prefix length")]
    [InlineData("2001:db8::/129", "prefix length")]
    [InlineData("10.1", "is not an IP address")]
    [InlineData("fe80::1%eth0", "zone")]
    [InlineData("<script>alert(1)</script>", "is not an IP address")]
    [InlineData("10.0.0.0/-1", "prefix length")]
    public void Bad_entries_are_explained(string entry, string message)
    {
        Assert.False(ApiKeyIpAllowlist.TryParse([entry], out _, out var errors));
        Assert.Contains(message, Assert.Single(errors));
    }

    [Fact]
    public void Text_splits_on_lines_commas_and_spaces()
    {
        Assert.Equal(["10.0.0.0/8", "192.0.2.1", "2001:db8::/32"], ApiKeyIpAllowlist.Split("10.0.0.0/8, 192.0.2.1\n 2001:db8::/32 "));
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.20.30.40", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("10.0.0.0/8", "::ffff:10.1.2.3", true)]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("2001:db8::/32", "2001:db8:1::5", true)]
    [InlineData("2001:db8::/32", "10.0.0.1", false)]
    [InlineData("", "198.51.100.1", true)]
    public void A_client_address_is_allowed_when_a_range_contains_it(string allowlist, string client, bool allowed)
    {
        Assert.True(ApiKeyIpAllowlist.TryParse(ApiKeyIpAllowlist.Split(allowlist), out var networks, out _));

        Assert.Equal(allowed, ApiKeyIpAllowlist.Allows([.. networks], IPAddress.Parse(client)));
    }

    [Fact]
    public void Ranges_within_ranges_are_recognised()
    {
        ApiKeyIpAllowlist.TryParse(["10.0.0.0/8"], out var outer, out _);
        ApiKeyIpAllowlist.TryParse(["10.1.0.0/16", "10.2.3.4"], out var inner, out _);
        ApiKeyIpAllowlist.TryParse(["10.0.0.0/7"], out var wider, out _);

        Assert.True(ApiKeyIpAllowlist.IsWithin(inner, outer));
        Assert.False(ApiKeyIpAllowlist.IsWithin(wider, outer));
    }
}
