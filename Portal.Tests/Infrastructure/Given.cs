using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Features.Accounts;

namespace Notarial.Portal.Tests.Infrastructure;

/// <summary>A user created for a test, with the password to sign in.</summary>
public sealed record TestUser(string Id, string Email, string Password, string DisplayName);

/// <summary>Test data through the application's own services: <c>await app.Given.DeveloperAsync()</c>. Each feature adds its
/// builders in its own partial file (Given.Feature.cs).</summary>
public sealed partial class Given(PortalApp app)
{
    public const string Password = "plenty of entropy here 42";

    public static string UniqueEmail(string prefix = "dev") => $"{prefix}-{Guid.NewGuid():N}@example.test";

    public async Task<TestUser> DeveloperAsync(bool confirmed = true, string? email = null, params string[] extraRoles)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        email ??= UniqueEmail();
        var user = new PortalUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = confirmed,
            DisplayName = "Dev " + email[..8],
            CreatedAt = app.Clock.GetUtcNow(),
        };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        await users.AddToRolesAsync(user, [PortalRoles.Developer, .. extraRoles]);
        return new TestUser(user.Id, email, Password, user.DisplayName);
    }
}
