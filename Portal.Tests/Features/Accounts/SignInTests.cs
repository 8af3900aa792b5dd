using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Tests.Features.Accounts;

[Collection(PortalCollection.Name)]
public sealed class SignInTests(PortalApp app)
{
    private static Dictionary<string, string> Credentials(string email, string password) => new()
    {
        ["Input.Email"] = email,
        ["Input.Password"] = password,
    };

    [Fact]
    public async Task Signing_in_sets_the_session_cookie_stamps_the_time_and_records_an_event()
    {
        var user = await app.Given.DeveloperAsync();
        var client = app.NewClient();

        var response = await client.SubmitFormAsync("account/login", "login", Credentials(user.Email, user.Password));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("notarial.session=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.NotNull((await db.Users.SingleAsync(u => u.Id == user.Id)).LastSignInAt);
        Assert.True(await db.SecurityEvents.AnyAsync(e => e.SubjectUserId == user.Id && e.Type == SecurityEventTypes.SignInSucceeded));
    }

    [Fact]
    public async Task Wrong_password_and_unknown_address_get_the_same_answer()
    {
        var user = await app.Given.DeveloperAsync();

        var wrongPassword = await app.NewClient().SubmitFormAsync("account/login", "login", Credentials(user.Email, "not the password at all"));
        var unknownAddress = await app.NewClient().SubmitFormAsync("account/login", "login", Credentials(Given.UniqueEmail("nobody"), "not the password at all"));

        Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
        Assert.Equal(["Invalid email or password."], await HtmlForms.MessagesAsync(wrongPassword));
        Assert.Equal(["Invalid email or password."], await HtmlForms.MessagesAsync(unknownAddress));
    }

    [Fact]
    public async Task Unconfirmed_email_is_only_mentioned_to_someone_who_knows_the_password()
    {
        var user = await app.Given.DeveloperAsync(confirmed: false);

        var wrong = await app.NewClient().SubmitFormAsync("account/login", "login", Credentials(user.Email, "not the password at all"));
        var right = await app.NewClient().SubmitFormAsync("account/login", "login", Credentials(user.Email, user.Password));

        Assert.Equal(["Invalid email or password."], await HtmlForms.MessagesAsync(wrong));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains(await HtmlForms.MessagesAsync(right), m => m.StartsWith("Confirm your email address first", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Five_failures_lock_real_and_unknown_addresses_alike_until_the_lockout_ends()
    {
        var user = await app.Given.DeveloperAsync();
        var unknown = Given.UniqueEmail("ghost");
        var client = app.NewClient();

        for (var i = 0; i < 4; i++)
        {
            await client.SubmitFormAsync("account/login", "login", Credentials(user.Email, "wrong password " + i));
            await client.SubmitFormAsync("account/login", "login", Credentials(unknown, "wrong password " + i));
        }

        var fifthReal = await client.SubmitFormAsync("account/login", "login", Credentials(user.Email, "wrong password 5"));
        var fifthUnknown = await client.SubmitFormAsync("account/login", "login", Credentials(unknown, "wrong password 5"));
        var rightDuringLockout = await client.SubmitFormAsync("account/login", "login", Credentials(user.Email, user.Password));

        var locked = await HtmlForms.MessagesAsync(fifthReal);
        Assert.StartsWith("Too many failed attempts", Assert.Single(locked));
        Assert.Equal(locked, await HtmlForms.MessagesAsync(fifthUnknown));
        Assert.Equal(locked, await HtmlForms.MessagesAsync(rightDuringLockout));

        app.Clock.Advance(TimeSpan.FromMinutes(16));
        var afterLockout = await client.SubmitFormAsync("account/login", "login", Credentials(user.Email, user.Password));
        Assert.Equal(HttpStatusCode.Redirect, afterLockout.StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example/steal")]
    [InlineData("//evil.example/steal")]
    [InlineData("/\\evil.example")]
    public async Task A_return_url_to_another_site_is_not_followed(string returnUrl)
    {
        var user = await app.Given.DeveloperAsync();
        var client = app.NewClient();

        var response = await client.SubmitFormAsync($"account/login?returnUrl={Uri.EscapeDataString(returnUrl)}", "login", Credentials(user.Email, user.Password));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.False(location.IsAbsoluteUri && location.Host != app.BaseAddress.Host, $"redirected to {location}");
        Assert.DoesNotContain("evil.example", location.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Portal_pages_send_anonymous_visitors_to_sign_in_and_back()
    {
        var response = await app.NewClient().GetAsync("keys");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login?returnUrl=%2Fkeys", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Sign_out_is_a_post_with_antiforgery_and_ends_the_session()
    {
        var user = await app.Given.DeveloperAsync();
        var client = app.NewClient();
        await client.SignInAsync(user);

        var withoutToken = await client.PostAsync("account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" }));
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("security")).StatusCode);

        var signedOut = await client.SubmitFormToAsync("account/manage", "account/logout");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("security")).StatusCode);
    }

    [Fact]
    public async Task The_bootstrap_admin_from_configuration_exists_and_is_led_to_set_up_2fa_before_the_admin_area()
    {
        var client = app.NewClient();
        await client.SignInAsync(new TestUser("", PortalApp.AdminEmail, PortalApp.AdminPassword, "Administrator"));

        var admin = await client.GetAsync("admin");

        // Staff need two-factor authentication for the admin area (StaffTwoFactorTests covers the way in with it).
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.StartsWith("/account/manage/two-factor", admin.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_developer_is_refused_the_admin_area()
    {
        var user = await app.Given.DeveloperAsync();
        var client = app.NewClient();
        await client.SignInAsync(user);

        var response = await client.GetAsync("admin");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/access-denied", response.Headers.Location!.AbsolutePath);
        Assert.Contains("Access denied", await client.GetStringAsync(response.Headers.Location));
    }
}
