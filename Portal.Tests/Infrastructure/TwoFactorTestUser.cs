using OtpNet;

namespace Notarial.Portal.Tests.Infrastructure;

/// <summary>A test user with two-factor authentication on: the authenticator key (as the page shows it, without spaces)
/// and the recovery codes handed out when it was turned on.</summary>
public sealed record TwoFactorTestUser(TestUser User, string Key, IReadOnlyList<string> RecoveryCodes)
{
    public string Id => User.Id;

    public string Email => User.Email;

    /// <summary>The code an authenticator app with this key shows at <paramref name="time"/>.</summary>
    public string CodeAt(DateTimeOffset time) => CodeAt(Key, time);

    /// <summary>Moves the server's clock to the next 30-second step and returns that step's code: codes work once per
    /// step, and the previous test step may already be used.</summary>
    public string NextCode(PortalApp app)
    {
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        return CodeAt(app.Clock.GetUtcNow());
    }

    public static string CodeAt(string key, DateTimeOffset time) =>
        new Totp(Base32Encoding.ToBytes(key.Replace(" ", "", StringComparison.Ordinal))).ComputeTotp(time.UtcDateTime);

    /// <summary>Signs in through both steps (password, then a fresh code); asserts the redirect that means success.</summary>
    public async Task SignInAsync(HttpClient client, PortalApp app)
    {
        var password = await client.SubmitFormAsync("account/login", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = Email,
            ["Input.Password"] = User.Password,
        });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, password.StatusCode);
        var codePage = PathOf(password.Headers.Location!);
        Assert.StartsWith("account/login-2fa", codePage, StringComparison.Ordinal);

        var code = await client.SubmitFormAsync(codePage, "login-2fa", new Dictionary<string, string> { ["Input.Code"] = NextCode(app) });
        if (code.StatusCode != System.Net.HttpStatusCode.Redirect)
        {
            Assert.Fail($"Code step of {Email} answered {(int)code.StatusCode}: {string.Join(" | ", await HtmlForms.MessagesAsync(code))}");
        }
    }

    /// <summary>A redirect's target as a path relative to the server (absolute or relative Location alike).</summary>
    public static string PathOf(Uri location) =>
        (location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString).TrimStart('/');
}
