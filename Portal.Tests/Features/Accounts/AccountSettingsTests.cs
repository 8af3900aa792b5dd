using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Tests.Features.Accounts;

[Collection(PortalCollection.Name)]
public sealed class AccountSettingsTests(PortalApp app)
{
    [Fact]
    public async Task Forgot_password_answers_the_same_for_unknown_addresses_and_the_link_sets_a_new_password()
    {
        var user = await app.Given.DeveloperAsync();
        var unknown = Given.UniqueEmail("nobody");
        var client = app.NewClient();

        var known = await client.SubmitFormAsync("account/forgot-password", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = user.Email });
        var notKnown = await client.SubmitFormAsync("account/forgot-password", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = unknown });

        Assert.Equal(await HtmlForms.MessagesAsync(known), await HtmlForms.MessagesAsync(notKnown));
        Assert.Empty(app.To(unknown));
        var link = app.SingleMail(user.Email, "Reset your").LinkTo("account/reset-password");

        const string newPassword = "a brand new passphrase";
        var reset = await client.SubmitFormAsync(link, "reset-password", new Dictionary<string, string>
        {
            ["Input.Password"] = newPassword,
            ["Input.ConfirmPassword"] = newPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        await client.SignInAsync(user with { Password = newPassword });

        // The link works once.
        var again = await client.SubmitFormAsync(link, "reset-password", new Dictionary<string, string>
        {
            ["Input.Password"] = "yet another passphrase",
            ["Input.ConfirmPassword"] = "yet another passphrase",
        });
        Assert.Contains(await HtmlForms.MessagesAsync(again), m => m.Contains("invalid or has expired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one_keeps_this_session_and_mails_the_owner()
    {
        var user = await app.Given.DeveloperAsync();
        var client = app.NewClient();
        await client.SignInAsync(user);

        var wrong = await client.SubmitFormAsync("account/manage/change-password", "change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = "not my password",
            ["Input.NewPassword"] = "another fine passphrase",
            ["Input.ConfirmPassword"] = "another fine passphrase",
        });
        Assert.Contains("The current password is not correct.", await HtmlForms.MessagesAsync(wrong));

        var changed = await client.SubmitFormAsync("account/manage/change-password", "change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = user.Password,
            ["Input.NewPassword"] = "another fine passphrase",
            ["Input.ConfirmPassword"] = "another fine passphrase",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("account/manage")).StatusCode);
        app.SingleMail(user.Email, "password was changed");
        await app.NewClient().SignInAsync(user with { Password = "another fine passphrase" });
    }

    [Fact]
    public async Task Changing_the_email_takes_effect_when_the_link_sent_to_the_new_address_is_opened()
    {
        var user = await app.Given.DeveloperAsync();
        var newEmail = Given.UniqueEmail("moved");
        var client = app.NewClient();
        await client.SignInAsync(user);

        var requested = await client.SubmitFormAsync("account/manage/email", "change-email", new Dictionary<string, string> { ["Input.NewEmail"] = newEmail });
        Assert.Equal(HttpStatusCode.Redirect, requested.StatusCode);

        var confirmed = await client.GetStringAsync(app.SingleMail(newEmail, "Confirm your new email").LinkTo("account/confirm-email-change"));
        Assert.Contains("Email changed", confirmed);
        await app.NewClient().SignInAsync(user with { Email = newEmail });
    }

    [Fact]
    public async Task Deleting_the_account_needs_the_password_and_removes_the_user()
    {
        var user = await app.Given.DeveloperAsync();
        var client = app.NewClient();
        await client.SignInAsync(user);

        var wrong = await client.SubmitFormAsync("account/manage/delete", "delete-account", new Dictionary<string, string> { ["Input.Password"] = "nope nope nope" });
        Assert.Contains("The password is not correct.", await HtmlForms.MessagesAsync(wrong));

        var deleted = await client.SubmitFormAsync("account/manage/delete", "delete-account", new Dictionary<string, string> { ["Input.Password"] = user.Password });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);

        await using var scope = app.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByIdAsync(user.Id));
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.True(await db.SecurityEvents.AnyAsync(e => e.SubjectUserId == user.Id && e.Type == SecurityEventTypes.AccountDeleted && e.ActorUserId == user.Id));
    }

    [Fact]
    public async Task The_security_page_lists_the_accounts_own_events_only()
    {
        var user = await app.Given.DeveloperAsync();
        var other = await app.Given.DeveloperAsync();
        await app.NewClient().SignInAsync(other);
        var client = app.NewClient();
        await client.SignInAsync(user);

        var page = HtmlForms.Parse(await client.GetStringAsync("security"));

        var rows = page.QuerySelectorAll("tbody tr").Select(r => r.TextContent).ToList();
        Assert.Single(rows, r => r.Contains("Signed in", StringComparison.Ordinal));
    }
}
