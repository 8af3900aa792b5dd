namespace Notarial.Portal.Features.TwoFactor;

/// <summary>What the set-up page shows for a new authenticator key: the QR code and the same key for typing.</summary>
/// <param name="Account">The account name the app will show (the user's email).</param>
/// <param name="GroupedKey">The base32 key in groups of four.</param>
/// <param name="OtpAuthUri">The <c>otpauth://</c> URI the QR code holds.</param>
/// <param name="QrCodeDataUri">The QR code as an SVG <c>data:</c> URI.</param>
public sealed record AuthenticatorSetup(string Issuer, string Account, string GroupedKey, string OtpAuthUri, string QrCodeDataUri)
{
    public static AuthenticatorSetup For(string issuer, string account, byte[] key)
    {
        var base32 = AuthenticatorKey.ToBase32(key);
        var uri = AuthenticatorKey.OtpAuthUri(issuer, account, base32);
        return new AuthenticatorSetup(issuer, account, AuthenticatorKey.Grouped(base32), uri, QrCodeImage.SvgDataUri(uri));
    }
}
