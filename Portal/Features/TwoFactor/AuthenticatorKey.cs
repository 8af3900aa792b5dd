using System.Security.Cryptography;
using OtpNet;

namespace Notarial.Portal.Features.TwoFactor;

/// <summary>The shared key of an authenticator app: 160 random bits (RFC 4226's recommended size), written in base32.</summary>
public static class AuthenticatorKey
{
    public const int SizeInBytes = 20;

    public static byte[] Generate() => RandomNumberGenerator.GetBytes(SizeInBytes);

    /// <summary>Base32 without padding (32 characters for 160 bits), as authenticator apps expect it.</summary>
    public static string ToBase32(byte[] key) => Base32Encoding.ToString(key).TrimEnd('=');

    /// <summary>The key in groups of four for typing by hand: <c>ABCD EFGH ...</c>.</summary>
    public static string Grouped(string base32) =>
        string.Join(' ', Enumerable.Range(0, (base32.Length + 3) / 4).Select(i => base32.Substring(i * 4, Math.Min(4, base32.Length - (i * 4)))));

    /// <summary>The key URI format authenticator apps scan: <c>otpauth://totp/Issuer:account?secret=...&amp;issuer=Issuer</c>.</summary>
    public static string OtpAuthUri(string issuer, string account, string base32) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}?secret={base32}&issuer={Uri.EscapeDataString(issuer)}";
}
