using System.Net;
using Duende.IdentityModel.Client;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Admin;
using Notarial.Portal.Features.OAuth;
using Notarial.Portal.Features.OAuth.Keys;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Tests.Features.Audit;
using Notarial.Portal.Tests.Features.OAuth;

namespace Notarial.Portal.Tests.Features.Admin;

/// <summary>One token of a grant, revoked from the authorizations tab; and signing-key rotation, which the service itself
/// keeps for admins.</summary>
[Collection(PortalCollection.Name)]
public sealed class AdminTokenAndSigningKeyTests(PortalApp app)
{
    private static readonly AdminReason Reason = new(AdminReason.Compromised, "Refresh token seen in a crash report, ticket 981");

    private AdminActions Actions => app.Services.GetRequiredService<AdminActions>();

    private AdminDirectory Directory => app.Services.GetRequiredService<AdminDirectory>();

    private static StaffActor As(TwoFactorTestUser user) => new(user.Id, new RequestOrigin("203.0.113.9", "test"));

    [Fact]
    public async Task Support_lists_a_grants_tokens_and_revokes_the_refresh_token_which_fails_on_its_next_use()
    {
        var support = await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Support);
        var (client, user, tokens) = await SignInAndConsentAsync();
        var grantId = await app.InDbAsync(db => db.Set<OAuthAuthorization>().Where(a => a.Subject == user.Id).Select(a => a.Id!).SingleAsync());

        var listed = await Directory.TokensAsync(As(support), grantId);
        var refresh = Assert.Single(listed, t => t.IsRefreshToken);
        Assert.Equal("Refresh token", refresh.TypeTitle);
        Assert.True(refresh.IsActive);
        Assert.NotNull(refresh.CreatedAt);
        Assert.NotNull(refresh.ExpiresAt);

        var result = await Actions.RevokeTokenAsync(As(support), refresh.Id, Reason);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("Revoked", (await Directory.TokensAsync(As(support), grantId)).Single(t => t.Id == refresh.Id).State);
        var again = await app.NewClient().RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = (await app.DiscoverAsync()).TokenEndpoint,
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            RefreshToken = tokens.RefreshToken!,
        });
        Assert.Equal("invalid_grant", again.Error);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CallApiAsync(tokens.AccessToken)).Status);

        var recorded = Assert.Single(await app.InDbAsync(db => db.SecurityEvents.AsNoTracking()
            .Where(e => e.Type == SecurityEventTypes.AdminTokenRevoked && e.TargetId == refresh.Id).ToListAsync()));
        Assert.Equal(support.Id, recorded.ActorUserId);
        Assert.Equal(user.Id, recorded.SubjectUserId);
        Assert.Equal(Reason.Text, recorded.Reason);
        Assert.Contains(Reason.Text, app.SingleMail(user.Email, "was revoked").TextBody, StringComparison.Ordinal);

        // Nothing left to revoke.
        Assert.Equal(AdminFailure.Invalid, (await Actions.RevokeTokenAsync(As(support), refresh.Id, Reason)).Failure);
    }

    [Fact]
    public async Task Only_staff_list_or_revoke_tokens_and_support_cannot_touch_an_admins()
    {
        var developer = await app.Given.DeveloperWithTwoFactorAsync();
        var support = await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Support);
        var admin = await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Admin);
        var (_, user, _) = await SignInAndConsentAsync(owner: admin.User);
        var tokenId = await app.InDbAsync(db => db.Set<OAuthToken>().Where(t => t.Subject == user.Id && t.Status == "valid").Select(t => t.Id!).FirstAsync());

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Directory.TokensAsync(As(developer), "any"));
        Assert.Equal(AdminFailure.Forbidden, (await Actions.RevokeTokenAsync(As(developer), tokenId, Reason)).Failure);
        Assert.Equal(AdminFailure.Forbidden, (await Actions.RevokeTokenAsync(As(support), tokenId, Reason)).Failure);
        Assert.Equal(AdminFailure.NotFound, (await Actions.RevokeTokenAsync(As(support), "no-such-token", Reason)).Failure);
        Assert.True((await Actions.RevokeTokenAsync(As(admin), tokenId, Reason)).Succeeded);
    }

    [Fact]
    public async Task Support_calling_the_rotation_service_is_refused_and_no_key_is_made()
    {
        var support = await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Support);
        var ring = app.Services.GetRequiredService<SigningKeyRing>();
        var before = (await ring.ListAsync()).Count;

        var result = await Actions.RotateSigningKeysAsync(As(support), new AdminReason(AdminReason.Other, "Trying"));

        Assert.False(result.Succeeded);
        Assert.Equal(AdminFailure.Forbidden, result.Failure);
        Assert.Equal(before, (await ring.ListAsync()).Count);
        Assert.Empty(await app.InDbAsync(db => db.SecurityEvents.Where(e => e.Type == SecurityEventTypes.SigningKeysRotated && e.ActorUserId == support.Id).ToListAsync()));
    }

    [Fact]
    public async Task An_admin_rotates_the_signing_keys_with_a_reason_that_lands_in_the_security_events()
    {
        var admin = await app.Given.DeveloperWithTwoFactorAsync(PortalRoles.Admin);
        var ring = app.Services.GetRequiredService<SigningKeyRing>();
        var before = (await ring.ListAsync()).Count;

        Assert.Equal(AdminFailure.Invalid, (await Actions.RotateSigningKeysAsync(As(admin), new AdminReason(AdminReason.Other))).Failure);
        var result = await Actions.RotateSigningKeysAsync(As(admin), new AdminReason(AdminReason.Other, "Yearly rotation"));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(before + 2, (await ring.ListAsync()).Count);
        var recorded = Assert.Single(await app.InDbAsync(db => db.SecurityEvents.AsNoTracking()
            .Where(e => e.Type == SecurityEventTypes.SigningKeysRotated && e.ActorUserId == admin.Id).ToListAsync()));
        Assert.Equal("Other: Yearly rotation", recorded.Reason);
        Assert.Equal(admin.Email, recorded.ActorEmail);
    }

    private async Task<(RegisteredClient Client, TestUser User, TokenResponse Tokens)> SignInAndConsentAsync(TestUser? owner = null)
    {
        owner ??= await app.Given.DeveloperAsync();
        var user = await app.Given.DeveloperAsync();
        var client = await app.Given.WebClientAsync(owner);
        var pkce = Pkce.New();
        var callback = await new OAuthBrowserlessFlow(app, user).RunAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, pkce));
        var tokens = await app.NewClient().RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = (await app.DiscoverAsync()).TokenEndpoint,
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            Code = QueryHelpers.ParseQuery(callback.Query)["code"]!,
            RedirectUri = Given.RedirectUri,
            CodeVerifier = pkce.Verifier,
        });
        Assert.False(tokens.IsError, tokens.Error + " " + tokens.ErrorDescription);
        return (client, user, tokens);
    }
}
