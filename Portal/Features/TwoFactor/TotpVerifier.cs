using OtpNet;

namespace Notarial.Portal.Features.TwoFactor;

/// <summary>
/// Checks authenticator codes (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps) with Otp.NET on the injected clock.
/// A code of the current step, or of the step just before or after it, matches: one step of clock drift either way and
/// nothing wider (Identity's own provider allows two steps either way, up to 90 s). Whether the step was already used
/// is the caller's question (<see cref="SecondFactorVerifier"/>): this class only says which step a code belongs to.
/// </summary>
public sealed class TotpVerifier(TimeProvider time)
{
    public const int StepSeconds = 30;
    public const int Digits = 6;

    private static readonly VerificationWindow OneStepEitherWay = new(previous: 1, future: 1);

    /// <summary>The time step <paramref name="code"/> belongs to, or null when it matches none of the three steps around now.</summary>
    public long? MatchStep(byte[] key, string? code)
    {
        if (NormalizeCode(code) is not { } digits)
        {
            return null;
        }

        var totp = new Totp(key, StepSeconds, OtpHashMode.Sha1, Digits);
        return totp.VerifyTotp(time.GetUtcNow().UtcDateTime, digits, out var step, OneStepEitherWay) ? step : null;
    }

    /// <summary>The six digits of a typed code (spaces and a dash in the middle allowed), or null when it is not one.</summary>
    public static string? NormalizeCode(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 16)
        {
            return null;
        }

        var digits = string.Concat(input.Where(c => c is not (' ' or '-')));
        return digits.Length == Digits && digits.All(char.IsAsciiDigit) ? digits : null;
    }
}
