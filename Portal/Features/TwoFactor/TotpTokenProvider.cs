using Microsoft.AspNetCore.Identity;
using Notarial.Portal.Features.Accounts;

namespace Notarial.Portal.Features.TwoFactor;

/// <summary>
/// The portal's authenticator-app provider, registered under Identity's own name for it ("Authenticator") so that
/// every path through the sign-in manager (<c>TwoFactorAuthenticatorSignInAsync</c>) uses it and Identity's provider is
/// unreachable. Identity's provider accepts a code again for as long as it is valid and allows ±90 s of drift; this one
/// checks with <see cref="SecondFactorVerifier"/>: one step either way, each step once, key stored protected.
/// Keeping the sign-in manager's flow (rather than replacing it) keeps what it does right: lockout counting on wrong
/// codes, the short-lived two-factor cookie, the "remember this browser" cookie and a fresh session cookie at the end.
/// </summary>
public sealed class TotpTokenProvider(SecondFactorVerifier verifier, TwoFactorStore store) : IUserTwoFactorTokenProvider<PortalUser>
{
    /// <summary>The server never makes authenticator codes; the user's app does (Identity's provider answers the same).</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<PortalUser> manager, PortalUser user) => Task.FromResult(string.Empty);

    public Task<bool> ValidateAsync(string purpose, string token, UserManager<PortalUser> manager, PortalUser user) =>
        verifier.VerifyAuthenticatorCodeAsync(user.Id, token);

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<PortalUser> manager, PortalUser user) =>
        await store.GetAuthenticatorKeyAsync(user.Id) is not null;
}
