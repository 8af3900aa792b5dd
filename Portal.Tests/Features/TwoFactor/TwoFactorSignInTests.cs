using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Features.TwoFactor;

namespace Notarial.Portal.Tests.Features.TwoFactor;

[Collection(PortalCollection.Name)]
public sealed class TwoFactorSignInTests(PortalApp app)
{
    private const string WrongCodeMessage = "That code is not valid or was already used. Enter the code your app shows now (each code works once).";

    /// <summary>The password step for <paramref name="user"/>: returns the client and the code page it was sent to.</summary>
    private async Task<(HttpClient Client, string CodePage, HttpResponseMessage Response)> PasswordStepAsync(
        TwoFactorTestUser user, HttpClient? client = null, string? returnUrl = null, string? password = null)
    {
        client ??= app.NewClient();
        var login = returnUrl is null ? "account/login" : $"account/login?returnUrl={Uri.EscapeDataString(returnUrl)}";
        var response = await client.SubmitFormAsync(login, "login", new Dictionary<string, string>
        {
            ["Input.Email"] = user.Email,
            ["Input.Password"] = password ?? user.User.Password,
        });
        var codePage = response.StatusCode == HttpStatusCode.Redirect ? TwoFactorTestUser.PathOf(response.Headers.Location!) : "";
        return (client, codePage, response);
    }

    private static Task<HttpResponseMessage> SubmitCodeAsync(HttpClient client, string codePage, string code, bool rememberBrowser = false)
    {
        var fields = new Dictionary<string, string> { ["Input.Code"] = code };
        if (rememberBrowser)
        {
            fields["Input.RememberBrowser"] = "true";
        }

        return client.SubmitFormAsync(codePage, "login-2fa", fields);
    }

    private static Task<HttpResponseMessage> SubmitRecoveryCodeAsync(HttpClient client, string codePage, string code) =>
        client.SubmitFormAsync(codePage.Replace("account/login-2fa", "account/login-recovery", StringComparison.Ordinal), "login-recovery",
            new Dictionary<string, string> { ["Input.Code"] = code });

    private static bool SetsSessionCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("notarial.session=", StringComparison.Ordinal) && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task The_password_alone_opens_no_session_and_the_code_step_issues_a_new_session_cookie()
    {
        var user = await app.Given.DeveloperWithTwoFactorAsync();

        var (client, codePage, password) = await PasswordStepAsync(user);

        Assert.StartsWith("account/login-2fa", codePage, StringComparison.Ordinal);
        Assert.False(SetsSessionCookie(password), "a session cookie was issued before the second factor");
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("security")).StatusCode);

        var code = await SubmitCodeAsync(client, codePage, user.NextCode(app));

        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        Assert.True(SetsSessionCookie(code), "no session cookie after the second factor");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("security")).StatusCode);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.True(await db.SecurityEvents.AnyAsync(e => e.SubjectUserId == user.Id && e.Type == SecurityEventTypes.SignInSucceeded && e.Details == "password and authenticator code"));
    }

    [Fact]
    public async Task A_code_works_once_even_while_it_is_still_current()
    {
        var user = await app.Given.DeveloperWithTwoFactorAsync();
        var code = user.NextCode(app);
        var (first, firstPage, _) = await PasswordStepAsync(user);
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitCodeAsync(first, firstPage, code)).StatusCode);

        var (second, secondPage, _) = await PasswordStepAsync(user);
        var replay = await SubmitCodeAsync(second, secondPage, code);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal([WrongCodeMessage], await HtmlForms.MessagesAsync(replay));
        Assert.False(SetsSessionCookie(replay));
    }

    [Fact]
    public async Task An_older_code_is_refused_once_a_newer_one_was_used()
    {
        var user = await app.Given.DeveloperWithTwoFactorAsync();
        var older = user.NextCode(app);
        var newer = user.NextCode(app);
        var (first, firstPage, _) = await PasswordStepAsync(user);
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitCodeAsync(first, firstPage, newer)).StatusCode);

        // The older code is still within the one step of drift allowed, but its step is before the one just used.
        var (second, secondPage, _) = await PasswordStepAsync(user);
        var response = await SubmitCodeAsync(second, secondPage, older);

        Assert.Equal([WrongCodeMessage], await HtmlForms.MessagesAsync(response));
    }

    [Fact]
    public async Task Wrong_codes_count_toward_lockout_together_with_wrong_passwords()
    {
        var user = await app.Given.DeveloperWithTwoFactorAsync();
        var wrong = user.CodeAt(app.Clock.GetUtcNow().AddHours(-3));

        // Two wrong passwords, then the right one: the failures are kept until the second factor succeeds.
        for (var i = 0; i < 2; i++)
        {
            await PasswordStepAsync(user, password: "not the password " + i);
        }

        var (client, codePage, _) = await PasswordStepAsync(user);
        Assert.Equal([WrongCodeMessage], await HtmlForms.MessagesAsync(await SubmitCodeAsync(client, codePage, wrong)));
        Assert.Equal([WrongCodeMessage], await HtmlForms.MessagesAsync(await SubmitCodeAsync(client, codePage, wrong)));
        var fifth = await SubmitCodeAsync(client, codePage, wrong);
        var rightDuringLockout = await SubmitCodeAsync(client, codePage, user.NextCode(app));

        var locked = Assert.Single(await HtmlForms.MessagesAsync(fifth));
        Assert.StartsWith("Too many failed attempts", locked, StringComparison.Ordinal);
        Assert.Equal([locked], await HtmlForms.MessagesAsync(rightDuringLockout));
        Assert.False(SetsSessionCookie(rightDuringLockout));

        // After the lockout the two-factor cookie has expired too: both steps again, and they work.
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        var expired = await client.GetAsync(codePage);
        Assert.Equal(HttpStatusCode.Redirect, expired.StatusCode);
        Assert.StartsWith("account/login", TwoFactorTestUser.PathOf(expired.Headers.Location!), StringComparison.Ordinal);
        await user.SignInAsync(app.NewClient(), app);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_and_its_use_is_recorded_and_mailed()
    {
        var user = await app.Given.DeveloperWithTwoFactorAsync();
        var recoveryCode = user.RecoveryCodes[0];

        // Typed carelessly: upper case, no dashes.
        var (client, codePage, _) = await PasswordStepAsync(user);
        var used = await SubmitRecoveryCodeAsync(client, codePage, recoveryCode.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant());

        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        Assert.True(SetsSessionCookie(used));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("security")).StatusCode);
        var mail = app.SingleMail(user.Email, "recovery code was used");
        Assert.Contains("You have 9 recovery codes left.", mail.TextBody, StringComparison.Ordinal);
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            Assert.True(await db.SecurityEvents.AnyAsync(e => e.SubjectUserId == user.Id && e.Type == SecurityEventTypes.TwoFactorRecoveryCodeUsed));
        }

        var (again, againPage, _) = await PasswordStepAsync(user);
        var reused = await SubmitRecoveryCodeAsync(again, againPage, recoveryCode);

        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        Assert.Equal(["That recovery code is not valid or was already used."], await HtmlForms.MessagesAsync(reused));
    }

    [Fact]
    public async Task Wrong_recovery_codes_count_toward_lockout()
    {
        var user = await app.Given.DeveloperWithTwoFactorAsync();
        var (client, codePage, _) = await PasswordStepAsync(user);

        for (var i = 0; i < 4; i++)
        {
            await SubmitRecoveryCodeAsync(client, codePage, "0000-0000-0000-000" + i);
        }

        var fifth = await SubmitRecoveryCodeAsync(client, codePage, "0000-0000-0000-0005");
        var rightDuringLockout = await SubmitRecoveryCodeAsync(client, codePage, user.RecoveryCodes[0]);

        Assert.StartsWith("Too many failed attempts", Assert.Single(await HtmlForms.MessagesAsync(fifth)), StringComparison.Ordinal);
        Assert.StartsWith("Too many failed attempts", Assert.Single(await HtmlForms.MessagesAsync(rightDuringLockout)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remember_this_browser_skips_the_code_step_for_30_days()
    {
        var user = await app.Given.DeveloperWithTwoFactorAsync();
        var (client, codePage, _) = await PasswordStepAsync(user);
        var remembered = await SubmitCodeAsync(client, codePage, user.NextCode(app), rememberBrowser: true);
        Assert.Equal(HttpStatusCode.Redirect, remembered.StatusCode);
        Assert.Contains(remembered.Headers.GetValues("Set-Cookie"), c => c.StartsWith("notarial.2fa-browser=", StringComparison.Ordinal));
        await client.SubmitFormToAsync("account/manage", "account/logout");

        // Past the security-stamp check interval: the remembered browser is checked against the account, and passes.
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var (_, _, withinMonth) = await PasswordStepAsync(user, client);
        Assert.Equal(HttpStatusCode.Redirect, withinMonth.StatusCode);
        Assert.DoesNotContain("login-2fa", withinMonth.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.True(SetsSessionCookie(withinMonth));
        await client.SubmitFormToAsync("account/manage", "account/logout");

        app.Clock.Advance(TimeSpan.FromDays(31));
        var (_, afterMonth, _) = await PasswordStepAsync(user, client);
        Assert.StartsWith("account/login-2fa", afterMonth, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_remembered_browser_must_give_a_code_again_after_the_authenticator_app_changed()
    {
        var user = await app.Given.DeveloperWithTwoFactorAsync();
        var (client, codePage, _) = await PasswordStepAsync(user);
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitCodeAsync(client, codePage, user.NextCode(app), rememberBrowser: true)).StatusCode);

        // Move to a new app in the settings, from this very browser.
        await client.SubmitFormAsync(TwoFactorPaths.Manage, "reset-authenticator", new Dictionary<string, string> { ["Reset.Proof"] = user.User.Password });
        var page = HtmlForms.Parse(await client.GetStringAsync(TwoFactorPaths.Manage));
        var newKey = page.QuerySelector("[data-testid=authenticator-key]")!.TextContent.Replace(" ", "", StringComparison.Ordinal);
        var confirmed = await client.SubmitFormAsync(TwoFactorPaths.Manage, "confirm-authenticator", new Dictionary<string, string> { ["Input.Code"] = TwoFactorTestUser.CodeAt(newKey, app.Clock.GetUtcNow()) });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        await client.SubmitFormToAsync("account/manage", "account/logout");

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var (_, again, _) = await PasswordStepAsync(user, client);

        Assert.StartsWith("account/login-2fa", again, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/keys", "/keys")]
    [InlineData("https://evil.example/steal", "/")]
    [InlineData("//evil.example/steal", "/")]
    public async Task The_return_url_is_kept_through_the_code_step_and_only_followed_on_this_site(string returnUrl, string expectedPath)
    {
        var user = await app.Given.DeveloperWithTwoFactorAsync();
        var (client, codePage, _) = await PasswordStepAsync(user, returnUrl: returnUrl);

        var response = await SubmitCodeAsync(client, codePage, user.NextCode(app));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.False(location.IsAbsoluteUri && location.Host != app.BaseAddress.Host, $"redirected to {location}");
        Assert.Equal(expectedPath, "/" + TwoFactorTestUser.PathOf(location));
    }

    [Fact]
    public async Task The_code_step_without_a_password_step_sends_the_visitor_to_sign_in()
    {
        var response = await app.NewClient().GetAsync("account/login-2fa?returnUrl=%2Fkeys");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("account/login?returnUrl=%2Fkeys", TwoFactorTestUser.PathOf(response.Headers.Location!));
    }
}
