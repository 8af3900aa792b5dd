using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Features.TwoFactor;

namespace Notarial.Portal.Tests.Infrastructure;

public sealed partial class Given
{
    /// <summary>A developer (add roles for staff) with two-factor authentication on.</summary>
    public async Task<TwoFactorTestUser> DeveloperWithTwoFactorAsync(params string[] extraRoles) =>
        await WithTwoFactorAsync(await DeveloperAsync(extraRoles: extraRoles));

    /// <summary>Turns two-factor authentication on for <paramref name="user"/> through the portal's own service, as the
    /// set-up page does: the pending key, confirmed with its current code.</summary>
    public async Task<TwoFactorTestUser> WithTwoFactorAsync(TestUser user)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var portalUser = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByIdAsync(user.Id);
        var twoFactor = scope.ServiceProvider.GetRequiredService<TwoFactorService>();
        var setup = await twoFactor.GetSetupAsync(portalUser!);
        var key = setup.GroupedKey.Replace(" ", "", StringComparison.Ordinal);

        var result = await twoFactor.ConfirmSetupAsync(portalUser!, TwoFactorTestUser.CodeAt(key, app.Clock.GetUtcNow()), RequestOrigin.Unknown);

        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
        return new TwoFactorTestUser(user, key, result.RecoveryCodes);
    }
}
