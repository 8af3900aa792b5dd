using System.Net;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.TwoFactor;

namespace Notarial.Portal.Tests.Features.TwoFactor;

[Collection(PortalCollection.Name)]
public sealed class StaffTwoFactorTests(PortalApp app)
{
    [Theory]
    [InlineData(PortalRoles.Admin)]
    [InlineData(PortalRoles.Support)]
    public async Task Staff_without_2fa_are_led_from_the_admin_area_to_set_it_up(string role)
    {
        var staff = await app.Given.DeveloperAsync(extraRoles: role);
        var client = app.NewClient();
        await client.SignInAsync(staff);

        var admin = await client.GetAsync("admin");

        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.Equal(TwoFactorPaths.StaffMustEnrol, TwoFactorTestUser.PathOf(admin.Headers.Location!));
        var page = await client.GetStringAsync(admin.Headers.Location);
        Assert.Contains("Support and admin accounts need two-factor authentication to open the admin area.", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"authenticator-key\"", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PortalRoles.Admin)]
    [InlineData(PortalRoles.Support)]
    public async Task Staff_with_2fa_open_the_admin_area(string role)
    {
        var staff = await app.Given.DeveloperWithTwoFactorAsync(role);
        var client = app.NewClient();
        await staff.SignInAsync(client, app);

        var admin = await client.GetAsync("admin");

        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains("Support and administration of the platform", await admin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_who_set_up_2fa_in_this_session_open_the_admin_area_at_once()
    {
        var staff = await app.Given.DeveloperAsync(extraRoles: PortalRoles.Admin);
        var client = app.NewClient();
        await client.SignInAsync(staff);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("admin")).StatusCode);

        await app.Given.WithTwoFactorAsync(staff);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("admin")).StatusCode);
    }

    [Fact]
    public async Task Turning_2fa_off_closes_the_admin_area_at_once()
    {
        var staff = await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Admin);
        var client = app.NewClient();
        await staff.SignInAsync(client, app);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("admin")).StatusCode);

        var disabled = await client.SubmitFormAsync(TwoFactorPaths.Manage, "disable-two-factor", new Dictionary<string, string> { ["Disable.Proof"] = staff.User.Password });
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);

        var admin = await client.GetAsync("admin");
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.Equal(TwoFactorPaths.StaffMustEnrol, TwoFactorTestUser.PathOf(admin.Headers.Location!));
    }

    [Fact]
    public async Task A_developer_with_2fa_is_still_refused_the_admin_area()
    {
        var developer = await app.Given.DeveloperWithTwoFactorAsync();
        var client = app.NewClient();
        await developer.SignInAsync(client, app);

        var response = await client.GetAsync("admin");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/access-denied", response.Headers.Location!.AbsolutePath);
    }
}
