using System.Net;
using Notarial.Portal.Tests.Features.Platform;

namespace Notarial.Portal.Tests.Features.Applications;

/// <summary>The portal's application pages as a signed-in developer receives them (prerendered HTML).</summary>
[Collection(PortalCollection.Name)]
public sealed class ApplicationPagesTests(PortalApp app)
{
    [Fact]
    public async Task A_developer_sees_their_own_applications_and_never_another_developers()
    {
        var owner = await app.Given.DeveloperAsync();
        var stranger = await app.Given.DeveloperAsync();
        var ownerApi = await app.ApiClientAsync(owner, "apps:manage", "orders:read");
        var created = await ownerApi.CreateAppAsync(name: "Owner's reporting tool");
        var browser = app.NewClient();
        await browser.SignInAsync(stranger);

        var detail = await browser.GetAsync($"apps/{created.Id}");
        var list = await browser.GetStringAsync("apps");

        var html = await detail.Content.ReadAsStringAsync();
        Assert.Contains("This application does not exist", html, StringComparison.Ordinal);
        Assert.DoesNotContain("reporting tool", html, StringComparison.Ordinal);
        Assert.DoesNotContain(created.ClientId, html, StringComparison.Ordinal);
        Assert.DoesNotContain("reporting tool", list, StringComparison.Ordinal);
        Assert.Contains("No applications yet", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_detail_page_shows_the_client_id_and_a_quickstart_but_never_the_secret()
    {
        var owner = await app.Given.DeveloperAsync();
        var session = await app.SessionApiClientAsync(owner);
        var created = await session.CreateAppAsync("web", name: "Shop <b>&</b> co");

        var html = await session.GetStringAsync($"apps/{created.Id}");

        Assert.Contains(created.ClientId, html, StringComparison.Ordinal);
        Assert.Contains("Shop &lt;b&gt;&amp;&lt;/b&gt; co", html, StringComparison.Ordinal);
        Assert.Contains(".well-known/openid-configuration", html, StringComparison.Ordinal);
        Assert.Contains("NOTARIAL_CLIENT_SECRET", html, StringComparison.Ordinal);
        Assert.DoesNotContain(created.ClientSecret!, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signed_out_visitors_are_sent_to_sign_in()
    {
        var response = await app.NewClient().GetAsync("apps");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("account/login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
