using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Features.Accounts;

namespace Notarial.Portal.Tests.Features.Accounts;

[Collection(PortalCollection.Name)]
public sealed class RegistrationTests(PortalApp app)
{
    private static Dictionary<string, string> Form(string email, string password = Given.Password, string? confirm = null, string name = "Ada Lovelace") => new()
    {
        ["Input.DisplayName"] = name,
        ["Input.Email"] = email,
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = confirm ?? password,
    };

    [Fact]
    public async Task Registering_mails_a_link_that_confirms_the_account_and_then_sign_in_works()
    {
        var client = app.NewClient();
        var email = Given.UniqueEmail();

        var response = await client.SubmitFormAsync("account/register", "register", Form(email));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/register-confirmation", response.Headers.Location!.AbsolutePath);
        var mail = app.SingleMail(email, "Confirm your email");
        var confirmation = await client.GetAsync(mail.LinkTo("account/confirm-email"));
        Assert.Contains("Email confirmed", await confirmation.Content.ReadAsStringAsync());

        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email);
        Assert.True(user!.EmailConfirmed);
        Assert.Equal("Ada Lovelace", user.DisplayName);
        Assert.True(await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().IsInRoleAsync(user, PortalRoles.Developer));

        await client.SignInAsync(new TestUser(user.Id, email, Given.Password, "Ada Lovelace"));
        var dashboard = await client.GetStringAsync("");
        Assert.Contains("Welcome, Ada Lovelace", dashboard);
    }

    [Fact]
    public async Task Registering_an_address_that_has_an_account_looks_the_same_and_mails_the_owner_instead()
    {
        var existing = await app.Given.DeveloperAsync();
        var client = app.NewClient();

        var response = await client.SubmitFormAsync("account/register", "register", Form(existing.Email));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/register-confirmation", response.Headers.Location!.AbsolutePath);
        var mail = app.SingleMail(existing.Email, "already have");
        Assert.Contains(mail.Links, l => l.Contains("/account/reset-password", StringComparison.Ordinal));
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        Assert.Equal(existing.Id, (await users.FindByEmailAsync(existing.Email))!.Id);
    }

    public static TheoryData<string, string, string, string> BadInputs => new()
    {
        { "", Given.Password, "Email", "Enter your email address." },
        { "not-an-email", Given.Password, "Email", "Enter a valid email address." },
        { "ok@example.test", "short", "Password", "Use at least 10 characters." },
        { "ok@example.test", "password123", "Password", "This password is too common." },
        { "someone.special@example.test", "someone.special-2024", "Password", "must not contain your email address" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_explained_next_to_the_field_and_creates_nothing(string email, string password, string field, string message)
    {
        var client = app.NewClient();

        var response = await client.SubmitFormAsync("account/register", "register", Form(email, password));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = HtmlForms.Parse(await response.Content.ReadAsStringAsync());
        var input = document.QuerySelector($"input[name='Input.{field}']")!;
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        var fieldMessages = input.ParentElement!.QuerySelectorAll(".np-field-message, .validation-message").Select(e => e.TextContent);
        Assert.Contains(fieldMessages, m => m.Contains(message, StringComparison.Ordinal));
        Assert.Empty(app.To(email));
    }

    [Fact]
    public async Task Mismatched_password_confirmation_is_refused()
    {
        var response = await app.NewClient().SubmitFormAsync("account/register", "register", Form(Given.UniqueEmail(), Given.Password, "something else entirely"));

        Assert.Contains("The two passwords do not match.", await HtmlForms.MessagesAsync(response));
    }

    [Fact]
    public async Task A_tampered_confirmation_link_is_refused_with_a_clear_page()
    {
        var user = await app.Given.DeveloperAsync(confirmed: false);

        var page = await app.NewClient().GetStringAsync($"account/confirm-email?userId={user.Id}&code=bm90LWEtdG9rZW4");

        Assert.Contains("This link does not work", page);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.False((await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByIdAsync(user.Id))!.EmailConfirmed);
    }
}
