using System.Text;
using Bunit;
using Notarial.Portal.Features.TwoFactor;
using OtpNet;

namespace Notarial.Portal.Tests.Components;

/// <summary>The set-up part of the two-factor page: QR code, typed key, and the confirmation form.</summary>
public sealed class TwoFactorEnrolmentTests : IAsyncLifetime
{
    private static readonly byte[] Key = Base32Encoding.ToBytes("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    private static readonly AuthenticatorSetup Setup = AuthenticatorSetup.For("Notarial", "ada@example.test", Key);

    private readonly BunitContext _context = new BunitContext().WithPortalUi();
    private readonly List<string> _confirmed = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private IRenderedComponent<TwoFactorEnrolment> Render(string? error = null) =>
        _context.RenderInteractive<TwoFactorEnrolment>(parameters => parameters
            .Add(p => p.Setup, Setup)
            .Add(p => p.Error, error)
            .Add(p => p.OnConfirm, code => _confirmed.Add(code)));

    private static string FieldMessage(IRenderedComponent<TwoFactorEnrolment> page) =>
        page.Find("input[name='Input.Code']").ParentElement!.QuerySelector(".np-field-message")?.TextContent ?? "";

    [Fact]
    public void The_qr_code_is_an_inline_svg_image_of_the_otpauth_uri()
    {
        var page = Render();

        var image = page.Find("img.np-2fa-qr");
        var src = image.GetAttribute("src")!;
        Assert.StartsWith("data:image/svg+xml;base64,", src, StringComparison.Ordinal);
        Assert.Contains("<svg", Encoding.UTF8.GetString(Convert.FromBase64String(src["data:image/svg+xml;base64,".Length..])), StringComparison.Ordinal);
        Assert.Equal("QR code to add Notarial (ada@example.test) to an authenticator app", image.GetAttribute("alt"));
        Assert.Equal("otpauth://totp/Notarial:ada%40example.test?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Notarial", Setup.OtpAuthUri);
    }

    [Fact]
    public void The_key_is_shown_in_groups_of_four_and_copied_without_spaces()
    {
        var page = Render();

        Assert.Equal("JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP", page.Find("[data-testid=authenticator-key]").TextContent);
        Assert.Equal("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", page.Find("button[aria-label='Copy the key']").GetAttribute("data-copy-text"));
    }

    [Fact]
    public void The_confirm_form_posts_a_labelled_one_time_code_field()
    {
        var page = Render();

        var form = page.Find("form");
        Assert.Equal("post", form.GetAttribute("method"));
        var input = page.Find("input[name='Input.Code']");
        Assert.Equal("Code from the app", page.Find($"label[for='{input.Id}']").TextContent);
        Assert.Equal("one-time-code", input.GetAttribute("autocomplete"));
        Assert.Equal("numeric", input.GetAttribute("inputmode"));
        Assert.Equal("Turn on two-factor authentication", page.Find("button[type=submit]").TextContent);
    }

    [Theory]
    [InlineData("", "Enter the 6-digit code from your app.")]
    [InlineData("12345", "The code is 6 digits.")]
    [InlineData("12345x", "The code is 6 digits.")]
    public void Malformed_codes_are_explained_next_to_the_field_and_not_sent(string typed, string message)
    {
        var page = Render();

        page.Find("input[name='Input.Code']").Change(typed);
        page.Find("form").Submit();

        Assert.Equal(message, FieldMessage(page));
        Assert.Empty(_confirmed);
    }

    [Fact]
    public void A_six_digit_code_is_handed_to_the_page()
    {
        var page = Render();

        page.Find("input[name='Input.Code']").Change("123 456");
        page.Find("form").Submit();

        Assert.Equal(["123 456"], _confirmed);
        Assert.Equal("", FieldMessage(page));
    }

    [Fact]
    public void The_pages_verdict_on_a_wrong_code_is_shown_as_an_alert()
    {
        var page = Render(error: "That code does not match.");

        Assert.Contains("That code does not match.", page.Find("[role=alert]").TextContent, StringComparison.Ordinal);
    }
}
