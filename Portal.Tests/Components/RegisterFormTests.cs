using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Accounts.Pages;

namespace Notarial.Portal.Tests.Components;

public sealed class RegisterFormTests : IAsyncLifetime
{
    private readonly BunitContext _context = new BunitContext().WithPortalUi();

    public RegisterFormTests()
    {
        // Validation happens before the service is called: it is never reached in these tests.
        _context.Services.AddSingleton(new AccountService(null!, null!, null!, null!, null!, TimeProvider.System, NullLogger<AccountService>.Instance));
        _context.Services.AddScoped<IdentityRedirectManager>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private static string MessageFor(IRenderedComponent<Register> page, string name) =>
        page.Find($"input[name='Input.{name}']").ParentElement!.QuerySelector(".np-field-message")?.TextContent ?? "";

    [Fact]
    public void Submitting_an_empty_form_explains_each_required_field_next_to_it()
    {
        var page = _context.RenderInteractive<Register>();

        page.Find("form").Submit();

        Assert.Equal("Enter your name.", MessageFor(page, "DisplayName"));
        Assert.Equal("Enter your email address.", MessageFor(page, "Email"));
        Assert.Equal("Choose a password.", MessageFor(page, "Password"));
        Assert.Equal("Type the password again.", MessageFor(page, "ConfirmPassword"));
        Assert.All(page.FindAll("input.np-input"), input => Assert.Equal("true", input.GetAttribute("aria-invalid")));
    }

    [Fact]
    public void A_malformed_email_short_password_and_mismatch_are_each_named()
    {
        var page = _context.RenderInteractive<Register>();

        page.Find("input[name='Input.DisplayName']").Change("Ada");
        page.Find("input[name='Input.Email']").Change("ada-at-example");
        page.Find("input[name='Input.Password']").Change("short");
        page.Find("input[name='Input.ConfirmPassword']").Change("shorter");
        page.Find("form").Submit();

        Assert.Equal("", MessageFor(page, "DisplayName"));
        Assert.Equal("Enter a valid email address.", MessageFor(page, "Email"));
        Assert.Equal("Use at least 10 characters.", MessageFor(page, "Password"));
        Assert.Equal("The two passwords do not match.", MessageFor(page, "ConfirmPassword"));
        Assert.Null(page.Find("input[name='Input.DisplayName']").GetAttribute("aria-invalid"));
    }

    [Fact]
    public void Inputs_carry_names_and_labels_so_the_static_form_posts_them()
    {
        var page = _context.RenderInteractive<Register>();

        foreach (var (name, label) in new[] { ("DisplayName", "Your name"), ("Email", "Email"), ("Password", "Password"), ("ConfirmPassword", "Confirm password") })
        {
            var input = page.Find($"input[name='Input.{name}']");
            Assert.Equal(label, page.Find($"label[for='{input.Id}']").TextContent);
        }

        Assert.Equal("password", page.Find("input[name='Input.Password']").GetAttribute("type"));
        Assert.Equal("new-password", page.Find("input[name='Input.Password']").GetAttribute("autocomplete"));
    }
}
