using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Features.TwoFactor;

namespace Notarial.Portal.Tests.Features.TwoFactor;

[Collection(PortalCollection.Name)]
public sealed class TwoFactorSettingsTests(PortalApp app)
{
    private const string Page = TwoFactorPaths.Manage;

    private async Task<PortalDbContext> DbAsync() =>
        await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    private static async Task<IHtmlDocument> DocumentAsync(HttpResponseMessage response) =>
        HtmlForms.Parse(await response.Content.ReadAsStringAsync());

    private static async Task<string> KeyOnPageAsync(HttpClient client)
    {
        var page = await DocumentAsync(await client.GetAsync(Page));
        return page.QuerySelector("[data-testid=authenticator-key]")!.TextContent.Replace(" ", "", StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<string>> CodesShownAsync(HttpResponseMessage response) =>
        (await DocumentAsync(response)).QuerySelectorAll("[data-testid=recovery-codes] code").Select(c => c.TextContent).ToList();

    private static Task<HttpResponseMessage> ProveAsync(HttpClient client, string form, string field, string proof) =>
        client.SubmitFormAsync(Page, form, new Dictionary<string, string> { [field + ".Proof"] = proof });

    [Fact]
    public async Task Enrolling_shows_a_qr_code_and_key_and_a_current_code_turns_2fa_on_with_ten_recovery_codes_shown_once()
    {
        var user = await app.Given.DeveloperAsync();
        var client = app.NewClient();
        await client.SignInAsync(user);

        var page = await client.GetAsync(Page);
        var document = await DocumentAsync(page);
        Assert.Equal("no-store", page.Headers.CacheControl?.ToString());
        Assert.StartsWith("data:image/svg+xml;base64,", document.QuerySelector("img.np-2fa-qr")!.GetAttribute("src"), StringComparison.Ordinal);
        var key = document.QuerySelector("[data-testid=authenticator-key]")!.TextContent.Replace(" ", "", StringComparison.Ordinal);
        Assert.Matches("^[A-Z2-7]{32}$", key);
        Assert.Equal(key, await KeyOnPageAsync(client)); // a reload shows the key the user may already have scanned

        var wrong = await client.SubmitFormAsync(Page, "confirm-authenticator", new Dictionary<string, string> { ["Input.Code"] = TwoFactorTestUser.CodeAt(key, app.Clock.GetUtcNow().AddMinutes(-5)) });
        Assert.Contains(await HtmlForms.MessagesAsync(wrong), m => m.StartsWith("That code does not match", StringComparison.Ordinal));

        var confirmed = await client.SubmitFormAsync(Page, "confirm-authenticator", new Dictionary<string, string> { ["Input.Code"] = TwoFactorTestUser.CodeAt(key, app.Clock.GetUtcNow()) });

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var codes = await CodesShownAsync(confirmed);
        Assert.Equal(10, codes.Count);
        Assert.All(codes, c => Assert.Matches("^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$", c));
        var download = (await DocumentAsync(confirmed)).QuerySelector("a[download]")!;
        Assert.StartsWith("data:text/plain", download.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString(codes[0]), download.GetAttribute("href"), StringComparison.Ordinal);

        // Shown once: the page now shows the status, never the codes.
        var after = await client.GetAsync(Page);
        Assert.Empty(await CodesShownAsync(after));
        Assert.Equal("10 of 10 left", (await DocumentAsync(after)).QuerySelector("[data-testid=recovery-codes-left]")!.TextContent);

        await using var db = await DbAsync();
        Assert.True((await db.Users.SingleAsync(u => u.Id == user.Id)).TwoFactorEnabled);
        var state = await db.TwoFactorStates.SingleAsync(s => s.UserId == user.Id);
        Assert.NotNull(state.AuthenticatorKey);
        Assert.DoesNotContain(key, state.AuthenticatorKey, StringComparison.OrdinalIgnoreCase);
        Assert.Null(state.PendingKey);
        Assert.True(await db.SecurityEvents.AnyAsync(e => e.SubjectUserId == user.Id && e.Type == SecurityEventTypes.TwoFactorEnabled));
        app.SingleMail(user.Email, "Two-factor authentication was turned on");

        // Turning it on renewed the security stamp; this session was refreshed and survives the next validation.
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("account/manage")).StatusCode);
    }

    [Fact]
    public async Task Turning_2fa_off_needs_a_current_code_or_the_password_and_mails_the_owner()
    {
        var user = await app.Given.DeveloperWithTwoFactorAsync();
        var client = app.NewClient();
        await user.SignInAsync(client, app);

        var wrong = await ProveAsync(client, "disable-two-factor", "Disable", "not my password at all");
        Assert.Contains("That is neither a current code from your authenticator app nor your password.", await HtmlForms.MessagesAsync(wrong));

        var disabled = await ProveAsync(client, "disable-two-factor", "Disable", user.User.Password);

        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        var page = await client.GetStringAsync(Page);
        Assert.Contains("Two-factor authentication is off.", page, StringComparison.Ordinal);
        app.SingleMail(user.Email, "Two-factor authentication was turned off");
        await using var db = await DbAsync();
        Assert.False((await db.Users.SingleAsync(u => u.Id == user.Id)).TwoFactorEnabled);
        Assert.False(await db.TwoFactorRecoveryCodes.AnyAsync(c => c.UserId == user.Id));
        Assert.True(await db.SecurityEvents.AnyAsync(e => e.SubjectUserId == user.Id && e.Type == SecurityEventTypes.TwoFactorDisabled));

        // Signing in needs only the password again.
        await app.NewClient().SignInAsync(user.User);
    }

    [Fact]
    public async Task New_recovery_codes_are_shown_once_and_the_old_ones_stop_working()
    {
        var user = await app.Given.DeveloperWithTwoFactorAsync();
        var client = app.NewClient();
        await user.SignInAsync(client, app);

        var regenerated = await ProveAsync(client, "regenerate-recovery-codes", "Regenerate", user.NextCode(app));

        Assert.Equal(HttpStatusCode.OK, regenerated.StatusCode);
        var codes = await CodesShownAsync(regenerated);
        Assert.Equal(10, codes.Count);
        Assert.Empty(codes.Intersect(user.RecoveryCodes));
        await using (var db = await DbAsync())
        {
            Assert.True(await db.SecurityEvents.AnyAsync(e => e.SubjectUserId == user.Id && e.Type == SecurityEventTypes.TwoFactorRecoveryCodesRegenerated));
        }

        var verifier = app.Services.GetRequiredService<SecondFactorVerifier>();
        Assert.False(await verifier.RedeemRecoveryCodeAsync(user.Id, user.RecoveryCodes[1]));
        Assert.True(await verifier.RedeemRecoveryCodeAsync(user.Id, codes[1]));
    }

    [Fact]
    public async Task Moving_to_a_new_app_keeps_the_old_one_until_a_code_from_the_new_one_confirms_it()
    {
        var user = await app.Given.DeveloperWithTwoFactorAsync();
        var client = app.NewClient();
        await user.SignInAsync(client, app);

        var started = await ProveAsync(client, "reset-authenticator", "Reset", user.User.Password);
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var newKey = await KeyOnPageAsync(client);
        Assert.NotEqual(user.Key, newKey);

        // Meanwhile the old app still signs in.
        await user.SignInAsync(app.NewClient(), app);

        var confirmed = await client.SubmitFormAsync(Page, "confirm-authenticator", new Dictionary<string, string> { ["Input.Code"] = TwoFactorTestUser.CodeAt(newKey, app.Clock.GetUtcNow()) });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Contains("Your new authenticator app is set up", await client.GetStringAsync(Page), StringComparison.Ordinal);

        var moved = user with { Key = newKey };
        await moved.SignInAsync(app.NewClient(), app);
        var verifier = app.Services.GetRequiredService<SecondFactorVerifier>();
        Assert.False(await verifier.VerifyAuthenticatorCodeAsync(user.Id, user.NextCode(app)));
        await using var db = await DbAsync();
        Assert.True(await db.SecurityEvents.AnyAsync(e => e.SubjectUserId == user.Id && e.Type == SecurityEventTypes.TwoFactorAuthenticatorReset));
    }

    [Fact]
    public async Task Wrong_proofs_on_the_settings_page_count_toward_lockout()
    {
        var user = await app.Given.DeveloperWithTwoFactorAsync();
        var client = app.NewClient();
        await user.SignInAsync(client, app);

        for (var i = 0; i < 4; i++)
        {
            await ProveAsync(client, "disable-two-factor", "Disable", "123456");
        }

        var fifth = await ProveAsync(client, "disable-two-factor", "Disable", "654321");
        var rightDuringLockout = await ProveAsync(client, "disable-two-factor", "Disable", user.User.Password);

        Assert.Contains("Too many failed attempts: try again in 15 minutes.", await HtmlForms.MessagesAsync(fifth));
        Assert.Contains("Too many failed attempts: try again in 15 minutes.", await HtmlForms.MessagesAsync(rightDuringLockout));
        await using var db = await DbAsync();
        Assert.True((await db.Users.SingleAsync(u => u.Id == user.Id)).TwoFactorEnabled);
    }

    [Fact]
    public async Task Deleting_an_account_with_2fa_removes_its_key_and_recovery_codes()
    {
        var user = await app.Given.DeveloperWithTwoFactorAsync();
        var client = app.NewClient();
        await user.SignInAsync(client, app);

        var deleted = await client.SubmitFormAsync("account/manage/delete", "delete-account", new Dictionary<string, string> { ["Input.Password"] = user.User.Password });

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        await using var db = await DbAsync();
        Assert.False(await db.Users.AnyAsync(u => u.Id == user.Id));
        Assert.False(await db.TwoFactorStates.AnyAsync(s => s.UserId == user.Id));
        Assert.False(await db.TwoFactorRecoveryCodes.AnyAsync(c => c.UserId == user.Id));
    }

    [Fact]
    public async Task The_security_page_shows_the_2fa_status_and_links_to_its_settings()
    {
        var user = await app.Given.DeveloperAsync();
        var client = app.NewClient();
        await client.SignInAsync(user);
        var before = await DocumentAsync(await client.GetAsync("security"));
        Assert.Equal("Off", before.QuerySelector("[data-testid=two-factor-status]")!.TextContent.Trim());
        Assert.NotNull(before.QuerySelector($"a[href='{TwoFactorPaths.Manage}']"));

        await app.Given.WithTwoFactorAsync(user);

        var after = await DocumentAsync(await client.GetAsync("security"));
        Assert.Equal("On", after.QuerySelector("[data-testid=two-factor-status]")!.TextContent.Trim());
    }
}
