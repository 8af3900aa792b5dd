using Notarial.Portal.Features.TwoFactor;

namespace Notarial.Portal.Tests.Features.TwoFactor;

public sealed class RecoveryCodesTests
{
    [Fact]
    public void Ten_distinct_codes_of_four_groups_are_made_each_time()
    {
        var codes = RecoveryCodes.Generate();

        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$", c));
        Assert.Empty(codes.Intersect(RecoveryCodes.Generate()));
    }

    [Theory]
    [InlineData("k3m9-xq2t-7hcd-w4pa", "k3m9xq2t7hcdw4pa")]
    [InlineData(" K3M9 XQ2T 7HCD W4PA ", "k3m9xq2t7hcdw4pa")]
    [InlineData("k3m9-xq2t-7hcd-w4pO", "k3m9xq2t7hcdw4p0")]
    [InlineData("k3m9-xq2t-7hcd-w4pl", "k3m9xq2t7hcdw4p1")]
    [InlineData("k3m9-xq2t-7hcd-w4p", null)]
    [InlineData("k3m9-xq2t-7hcd-w4pau", null)]
    [InlineData("k3m9-xq2t-7hcd-w4p!", null)]
    [InlineData("", null)]
    public void Typed_codes_forgive_case_spaces_dashes_and_look_alike_letters(string typed, string? expected)
    {
        Assert.Equal(expected, RecoveryCodes.Normalize(typed));
    }

    [Fact]
    public void The_hash_is_the_same_for_every_way_of_typing_a_code()
    {
        Assert.Equal(RecoveryCodes.Hash(RecoveryCodes.Normalize("k3m9-xq2t-7hcd-w4pa")!), RecoveryCodes.Hash(RecoveryCodes.Normalize("K3M9XQ2T7HCDW4PA")!));
    }
}
