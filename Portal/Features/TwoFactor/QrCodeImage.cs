using System.Text;
using QRCoder;

namespace Notarial.Portal.Features.TwoFactor;

/// <summary>QR codes as <c>data:</c> URIs for an <c>img</c> (the CSP allows <c>img-src data:</c>; no script involved).</summary>
public static class QrCodeImage
{
    /// <summary>An SVG QR code, black on white with its quiet zone, so it scans on a dark page too.</summary>
    public static string SvgDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        using var svg = new SvgQRCode(data);
        var markup = svg.GetGraphic(8, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
        return "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(markup));
    }
}
