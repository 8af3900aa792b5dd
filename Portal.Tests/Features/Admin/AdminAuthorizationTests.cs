using System.Collections.Concurrent;
using System.Net;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.TwoFactor;

namespace Notarial.Portal.Tests.Features.Admin;

/// <summary>Who may open each page of the admin area (and its CSV export): the server decides, before any markup.</summary>
[Collection(PortalCollection.Name)]
public sealed class AdminAuthorizationTests(PortalApp app)
{
    public enum Outcome
    {
        /// <summary>Sent to sign in.</summary>
        SignIn,

        /// <summary>Sent to the access-denied page.</summary>
        Denied,

        /// <summary>Staff without 2FA: sent to set it up.</summary>
        SetUpTwoFactor,

        Opens,
    }

    public const string Anonymous = "anonymous";
    public const string Developer = "developer";
    public const string SupportWithout2fa = "support without 2FA";
    public const string Support = "support";
    public const string Admin = "admin";

    private static readonly string[] StaffPages = ["admin", "admin/users", "admin/apps", "admin/keys", "admin/grants", "admin/audit", "admin/audit/export.csv",
        "admin/audit/requests", "admin/audit/requests.csv", "admin/users/{someone}", "admin/apps/{someone}"];

    public static TheoryData<string, string, Outcome> Matrix()
    {
        var data = new TheoryData<string, string, Outcome>();
        foreach (var page in StaffPages)
        {
            data.Add(page, Anonymous, Outcome.SignIn);
            data.Add(page, Developer, Outcome.Denied);
            data.Add(page, SupportWithout2fa, Outcome.SetUpTwoFactor);
            data.Add(page, Support, Outcome.Opens);
            data.Add(page, Admin, Outcome.Opens);
        }

        // The system tab (signing keys, configuration) is for admins only.
        data.Add("admin/system", Anonymous, Outcome.SignIn);
        data.Add("admin/system", Developer, Outcome.Denied);
        data.Add("admin/system", SupportWithout2fa, Outcome.Denied);
        data.Add("admin/system", Support, Outcome.Denied);
        data.Add("admin/system", Admin, Outcome.Opens);
        return data;
    }

    // Signing in costs a password hash and a 2FA step: one client per role for the whole table.
    private static readonly ConcurrentDictionary<(PortalApp, string), Lazy<Task<(HttpClient Client, string UserId)>>> Clients = new();

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_admin_page_opens_only_for_staff_with_2fa(string page, string role, Outcome expected)
    {
        var (client, _) = await Clients.GetOrAdd((app, role), key => new Lazy<Task<(HttpClient, string)>>(() => SignInAsync(key.Item2))).Value;
        var someone = await app.Given.DeveloperAsync();

        var response = await client.GetAsync(page.Replace("{someone}", someone.Id, StringComparison.Ordinal));

        var location = response.Headers.Location is { } l ? TwoFactorTestUser.PathOf(l) : "";
        var actual = response.StatusCode switch
        {
            HttpStatusCode.OK => Outcome.Opens,
            HttpStatusCode.Redirect when location.StartsWith("account/login", StringComparison.Ordinal) => Outcome.SignIn,
            HttpStatusCode.Redirect when location.StartsWith("account/access-denied", StringComparison.Ordinal) => Outcome.Denied,
            HttpStatusCode.Redirect when location == TwoFactorPaths.StaffMustEnrol => Outcome.SetUpTwoFactor,
            _ => (Outcome)(-1),
        };
        Assert.True(expected == actual, $"{role} on /{page}: expected {expected}, got {(int)response.StatusCode} {location}");
    }

    private async Task<(HttpClient, string)> SignInAsync(string role)
    {
        var client = app.NewClient();
        switch (role)
        {
            case Anonymous:
                return (client, "");
            case Developer:
                var developer = await app.Given.DeveloperWithTwoFactorAsync();
                await developer.SignInAsync(client, app);
                return (client, developer.Id);
            case SupportWithout2fa:
                var plain = await app.Given.DeveloperAsync(extraRoles: PortalRoles.Support);
                await client.SignInAsync(plain);
                return (client, plain.Id);
            default:
                var staff = await app.Given.DeveloperWithTwoFactorAsync(role == Admin ? PortalRoles.Admin : PortalRoles.Support);
                await staff.SignInAsync(client, app);
                return (client, staff.Id);
        }
    }
}
