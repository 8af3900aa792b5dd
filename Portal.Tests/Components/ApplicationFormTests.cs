using AngleSharp.Dom;
using Bunit;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Applications;
using Notarial.Portal.Features.OAuth;

namespace Notarial.Portal.Tests.Components;

/// <summary>The registration form of an application: the fields follow the type, and each rule's message appears next
/// to its field before anything reaches the service.</summary>
public sealed class ApplicationFormTests : IAsyncLifetime
{
    private readonly BunitContext _context = new BunitContext().WithPortalUi();
    private readonly List<ApplicationDraft> _submitted = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private IRenderedComponent<ApplicationForm> Render(ApplicationFormModel? model = null, IReadOnlyList<FieldError>? errors = null, bool canPickAdmin = false) =>
        _context.RenderInteractive<ApplicationForm>(parameters => parameters
            .Add(p => p.Model, model ?? new ApplicationFormModel())
            .Add(p => p.IsNew, true)
            .Add(p => p.CanPickAdmin, canPickAdmin)
            .Add(p => p.Errors, errors)
            .Add(p => p.SubmitText, "Register application")
            .Add(p => p.OnSubmit, m => _submitted.Add(m.ToDraft())));

    private static void ChooseType(IRenderedComponent<ApplicationForm> form, string apiName) =>
        form.Find($"[data-kind={apiName}] input[type=radio]").Click();

    private static IElement Field(IRenderedComponent<ApplicationForm> form, string field) => form.Find($"[data-field='{field}']");

    private static void Type(IRenderedComponent<ApplicationForm> form, string field, string value) =>
        Field(form, field).QuerySelector("input, textarea")!.Change(value);

    private static string MessageOf(IRenderedComponent<ApplicationForm> form, string field) =>
        Field(form, field).QuerySelector(".mud-input-error, [role=alert]")?.TextContent.Trim() ?? "";

    private static bool HasRedirectUris(IRenderedComponent<ApplicationForm> form) => form.FindAll("[data-field='redirect_uris']").Count > 0;

    [Fact]
    public void A_web_app_is_the_default_and_asks_for_redirect_uris()
    {
        var form = Render();

        Assert.Contains("np-kind-selected", form.Find("[data-kind=web]").ClassName);
        Assert.True(HasRedirectUris(form));
        Assert.Single(form.FindAll("[data-field='redirect_uris[0]'] input"));
        Assert.Empty(form.FindAll("[data-testid=public-client-note]"));
    }

    [Fact]
    public void A_machine_client_has_no_redirect_uris_and_a_single_page_app_is_told_it_is_public()
    {
        var form = Render();

        ChooseType(form, "machine");
        Assert.False(HasRedirectUris(form));
        Assert.Empty(form.FindAll("[data-testid=sign-in-fields]"));
        Assert.Contains("machine client", form.Find("#scope-picker-help").TextContent, StringComparison.Ordinal);

        ChooseType(form, "spa");
        Assert.True(HasRedirectUris(form));
        Assert.Contains("PKCE", form.Find("[data-testid=public-client-note]").TextContent, StringComparison.Ordinal);
        Assert.Contains("com.example.app:/callback", form.Find("[data-field='redirect_uris[0]'] input").GetAttribute("placeholder"), StringComparison.Ordinal);
    }

    [Fact]
    public void Switching_to_a_machine_client_sends_no_redirect_uris_typed_for_another_type()
    {
        var form = Render();
        Type(form, "name", "Nightly export");
        Type(form, "redirect_uris[0]", "https://app.example.test/callback");
        form.Find("input[data-scope='orders:read']").Change(true);

        ChooseType(form, "machine");
        form.Find("form").Submit();

        var draft = Assert.Single(_submitted);
        Assert.Equal("machine", draft.Type);
        Assert.Equal("Nightly export", draft.Name);
        Assert.Empty(draft.RedirectUris!);
        Assert.Equal(["orders:read"], draft.Scopes!);
    }

    [Theory]
    [InlineData("http://app.example.test/callback", "https")]
    [InlineData("https://app.example.test/callback#done", "fragment")]
    [InlineData("https://*.example.test/callback", "Wildcards")]
    [InlineData("https://user:secret@app.example.test/callback", "user name or password")]
    [InlineData("app.example.test/callback", "absolute")]
    [InlineData("com.example.app:/callback", "Custom schemes are for single-page and native apps")]
    public void An_invalid_redirect_uri_is_refused_with_a_message_next_to_it(string uri, string message)
    {
        var form = Render();
        Type(form, "name", "Storefront");
        Type(form, "redirect_uris[0]", uri);

        form.Find("form").Submit();

        Assert.Empty(_submitted);
        Assert.Contains(message, MessageOf(form, "redirect_uris[0]"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("true", Field(form, "redirect_uris[0]").QuerySelector("input")!.GetAttribute("aria-invalid"));
        Assert.Equal("", MessageOf(form, "name"));
        Assert.Contains("Fix the field marked above", form.Find("[data-testid=form-summary]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_wrong_row_gets_its_own_message_and_the_right_ones_none()
    {
        var form = Render();
        Type(form, "name", "Storefront");
        Type(form, "redirect_uris[0]", "https://app.example.test/callback");
        form.Find("button:contains('Add a redirect URI')").Click();
        Type(form, "redirect_uris[1]", "http://192.0.2.10/callback");
        form.Find("button:contains('Add a redirect URI')").Click();
        Type(form, "redirect_uris[2]", "https://app.example.test/callback");

        form.Find("form").Submit();

        Assert.Empty(_submitted);
        Assert.Equal("", MessageOf(form, "redirect_uris[0]"));
        Assert.Contains("localhost", MessageOf(form, "redirect_uris[1]"), StringComparison.Ordinal);
        Assert.Contains("already in the list", MessageOf(form, "redirect_uris[2]"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("com.example.notes:/callback")]
    [InlineData("http://127.0.0.1:8400/callback")]
    [InlineData("http://localhost/callback")]
    public void A_single_page_or_native_app_may_use_its_own_scheme_or_loopback_http(string uri)
    {
        var form = Render();
        ChooseType(form, "spa");
        Type(form, "name", "Notes");
        Type(form, "redirect_uris[0]", uri);

        form.Find("form").Submit();

        var draft = Assert.Single(_submitted);
        Assert.Equal("spa", draft.Type);
        Assert.Equal([uri], draft.RedirectUris!);
    }

    [Fact]
    public void A_missing_name_and_a_web_app_without_redirect_uri_are_both_shown_at_once()
    {
        var form = Render();

        form.Find("form").Submit();

        Assert.Empty(_submitted);
        Assert.Contains("Enter a name", MessageOf(form, "name"), StringComparison.Ordinal);
        Assert.Contains("Enter a URI", MessageOf(form, "redirect_uris[0]"), StringComparison.Ordinal);
        Assert.Contains("Fix the 2 fields", form.Find("[data-testid=form-summary]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_services_answer_appears_next_to_its_field()
    {
        var form = Render(errors: [new FieldError(ApplicationFields.Name, "You already have an application with this name: choose another.")]);

        Assert.Contains("already have an application", MessageOf(form, "name"), StringComparison.Ordinal);
    }

    [Fact]
    public void What_a_user_typed_is_shown_back_encoded()
    {
        var model = new ApplicationFormModel { Kind = ApplicationKind.WebApp, Name = "<script>alert(1)</script>" };
        model.RedirectUris[0] = "https://app.example.test/cb?x=\"><img src=x>";

        var form = Render(model);

        Assert.Empty(form.FindAll("script, img"));
        Assert.Equal("<script>alert(1)</script>", Field(form, "name").QuerySelector("input")!.GetAttribute("value"));
    }

    [Fact]
    public void The_admin_scope_is_offered_only_to_admins()
    {
        Assert.Empty(Render().FindAll("[data-scope=admin]"));
        Assert.Single(Render(canPickAdmin: true).FindAll("[data-scope=admin]"));
    }

    [Fact]
    public void Every_platform_scope_but_admin_is_offered_with_its_plain_words()
    {
        var form = Render();

        var offered = form.FindAll("[data-scope]").Select(e => e.GetAttribute("data-scope")).ToList();
        Assert.Contains("orders:read", offered);
        Assert.Contains("apps:manage", offered);
        Assert.DoesNotContain("admin", offered);
        Assert.DoesNotContain("openid", offered);
        Assert.Contains("See orders and their status.", form.Find("[data-field=scopes]").TextContent, StringComparison.Ordinal);
    }
}
