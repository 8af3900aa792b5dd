using Microsoft.Extensions.Time.Testing;
using Notarial.Portal.Features.TwoFactor;
using OtpNet;

namespace Notarial.Portal.Tests.Features.TwoFactor;

/// <summary>Which codes match, on a controlled clock: the current step and one step either way, nothing wider.</summary>
public sealed class TotpVerifierTests
{
    // 10:00:10 UTC: ten seconds into a step, so "one step before" and "one step after" are whole steps away.
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 10, 0, 10, TimeSpan.Zero);
    private static readonly byte[] Key = Base32Encoding.ToBytes("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");

    private readonly TotpVerifier _verifier = new(new FakeTimeProvider(Now));

    private static string CodeAt(DateTimeOffset time) => new Totp(Key).ComputeTotp(time.UtcDateTime);

    private static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / 30;

    [Fact]
    public void The_current_code_matches_its_step()
    {
        Assert.Equal(StepAt(Now), _verifier.MatchStep(Key, CodeAt(Now)));
    }

    [Fact]
    public void The_code_of_the_previous_step_matches_for_a_clock_that_runs_behind()
    {
        Assert.Equal(StepAt(Now) - 1, _verifier.MatchStep(Key, CodeAt(Now.AddSeconds(-30))));
    }

    [Fact]
    public void The_code_of_the_next_step_matches_for_a_clock_that_runs_ahead()
    {
        Assert.Equal(StepAt(Now) + 1, _verifier.MatchStep(Key, CodeAt(Now.AddSeconds(30))));
    }

    [Theory]
    [InlineData(-60)]
    [InlineData(60)]
    [InlineData(-90)]
    [InlineData(90)]
    public void Codes_two_or_more_steps_away_are_refused(int seconds)
    {
        Assert.Null(_verifier.MatchStep(Key, CodeAt(Now.AddSeconds(seconds))));
    }

    [Fact]
    public void The_window_moves_with_the_clock()
    {
        var clock = new FakeTimeProvider(Now);
        var verifier = new TotpVerifier(clock);
        var code = CodeAt(Now);

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.NotNull(verifier.MatchStep(Key, code));
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(verifier.MatchStep(Key, code));
    }

    [Fact]
    public void Another_key_does_not_match()
    {
        Assert.Null(_verifier.MatchStep(Base32Encoding.ToBytes("KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"), CodeAt(Now)));
    }

    [Theory]
    [InlineData("123 456", "123456")]
    [InlineData(" 123-456 ", "123456")]
    [InlineData("12345", null)]
    [InlineData("1234567", null)]
    [InlineData("12345a", null)]
    [InlineData("١٢٣٤٥٦", null)]
    [InlineData("", null)]
    public void Typed_codes_are_read_as_six_ascii_digits(string typed, string? expected)
    {
        Assert.Equal(expected, TotpVerifier.NormalizeCode(typed));
    }

    [Fact]
    public void Spaces_in_a_typed_code_do_not_matter()
    {
        var code = CodeAt(Now);
        Assert.Equal(StepAt(Now), _verifier.MatchStep(Key, code[..3] + " " + code[3..]));
    }
}
