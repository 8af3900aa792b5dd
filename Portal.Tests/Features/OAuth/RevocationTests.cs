using System.Net;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Features.OAuth;
using Notarial.Portal.Features.OAuth.Revocation;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Tests.Features.OAuth;

[Collection(PortalCollection.Name)]
public class RevocationTests(PortalApp app)
{
    private async Task<(RegisteredClient Client, TestUser User, TokenResponse Tokens)> UserTokensAsync()
    {
        var owner = await app.Given.DeveloperAsync();
        var user = await app.Given.DeveloperAsync();
        var client = await app.Given.WebClientAsync(owner);
        var pkce = Pkce.New();
        var callback = await new OAuthBrowserlessFlow(app, user).RunAsync(OAuthBrowserlessFlow.AuthorizeUrl(client.ClientId, pkce));
        var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(callback.Query)["code"].ToString();
        var tokens = await app.NewClient().RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = (await app.DiscoverAsync()).TokenEndpoint,
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            Code = code,
            RedirectUri = Given.RedirectUri,
            CodeVerifier = pkce.Verifier,
        });
        Assert.False(tokens.IsError, tokens.Error);
        return (client, user, tokens);
    }

    private async Task<TokenRevocationResponse> RevokeAsync(RegisteredClient client, string token, string hint) =>
        await app.NewClient().RevokeTokenAsync(new TokenRevocationRequest
        {
            Address = (await app.DiscoverAsync()).RevocationEndpoint,
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            Token = token,
            TokenTypeHint = hint,
        });

    private async Task<TokenIntrospectionResponse> IntrospectAsync(RegisteredClient client, string token) =>
        await app.NewClient().IntrospectTokenAsync(new TokenIntrospectionRequest
        {
            Address = (await app.DiscoverAsync()).IntrospectionEndpoint,
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            Token = token,
        });

    [Fact]
    public async Task A_revoked_access_token_stops_working_at_the_api_on_the_next_request_and_introspects_inactive()
    {
        var owner = await app.Given.DeveloperAsync();
        var client = await app.Given.MachineClientAsync(owner, "orders:read");
        var token = (await app.ClientCredentialsAsync(client.ClientId, client.ClientSecret!)).AccessToken!;
        Assert.Equal(HttpStatusCode.OK, (await app.CallApiAsync(token)).Status);

        var revocation = await RevokeAsync(client, token, "access_token");

        Assert.False(revocation.IsError, revocation.Error);
        var (status, body, _) = await app.CallApiAsync(token);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_token", body.GetProperty("error").GetProperty("code").GetString());
        Assert.False((await IntrospectAsync(client, token)).IsActive);

        // Other tokens of the same client are untouched.
        var other = (await app.ClientCredentialsAsync(client.ClientId, client.ClientSecret!)).AccessToken!;
        Assert.Equal(HttpStatusCode.OK, (await app.CallApiAsync(other)).Status);
    }

    [Fact]
    public async Task A_revoked_refresh_token_can_no_longer_be_used()
    {
        var (client, _, tokens) = await UserTokensAsync();

        await RevokeAsync(client, tokens.RefreshToken!, "refresh_token");

        var refresh = await app.NewClient().RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = (await app.DiscoverAsync()).TokenEndpoint,
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            RefreshToken = tokens.RefreshToken!,
        });
        Assert.Equal("invalid_grant", refresh.Error);
    }

    [Fact]
    public async Task A_client_cannot_revoke_another_clients_token()
    {
        var owner = await app.Given.DeveloperAsync();
        var mine = await app.Given.MachineClientAsync(owner, "orders:read");
        var theirs = await app.Given.MachineClientAsync(owner, "orders:read");
        var token = (await app.ClientCredentialsAsync(mine.ClientId, mine.ClientSecret!)).AccessToken!;

        await RevokeAsync(theirs, token, "access_token");

        Assert.Equal(HttpStatusCode.OK, (await app.CallApiAsync(token)).Status);
    }

    [Fact]
    public async Task Revoking_a_connected_app_ends_its_access_and_refresh_tokens_at_once_and_is_recorded()
    {
        var (client, user, tokens) = await UserTokensAsync();
        var connected = app.Services.GetRequiredService<ConnectedApps>();
        var grant = Assert.Single(await connected.ListAsync(user.Id));
        Assert.Contains("orders:read", grant.Scopes);

        Assert.True(await connected.RevokeAsync(user.Id, grant.AuthorizationId, RequestOrigin.Unknown));

        Assert.Empty(await connected.ListAsync(user.Id));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CallApiAsync(tokens.AccessToken)).Status);
        var refresh = await app.NewClient().RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = (await app.DiscoverAsync()).TokenEndpoint,
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            RefreshToken = tokens.RefreshToken!,
        });
        Assert.Equal("invalid_grant", refresh.Error);
    }

    [Fact]
    public async Task A_user_cannot_revoke_someone_elses_grant()
    {
        var (_, user, tokens) = await UserTokensAsync();
        var stranger = await app.Given.DeveloperAsync();
        var connected = app.Services.GetRequiredService<ConnectedApps>();
        var grant = Assert.Single(await connected.ListAsync(user.Id));

        Assert.False(await connected.RevokeAsync(stranger.Id, grant.AuthorizationId, RequestOrigin.Unknown));
        Assert.Equal(HttpStatusCode.OK, (await app.CallApiAsync(tokens.AccessToken)).Status);
    }

    [Fact]
    public async Task Revoking_every_token_of_a_client_spares_tokens_issued_afterwards()
    {
        var owner = await app.Given.DeveloperAsync();
        var client = await app.Given.MachineClientAsync(owner, "orders:read");
        var before = (await app.ClientCredentialsAsync(client.ClientId, client.ClientSecret!)).AccessToken!;

        await app.Services.GetRequiredService<TokenRevocationList>().RevokeClientAsync(client.ClientId);
        var after = (await app.ClientCredentialsAsync(client.ClientId, client.ClientSecret!)).AccessToken!;

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CallApiAsync(before)).Status);
        Assert.Equal(HttpStatusCode.OK, (await app.CallApiAsync(after)).Status);
    }

    [Fact]
    public async Task The_revocation_list_is_rebuilt_from_the_database_by_another_instance()
    {
        var owner = await app.Given.DeveloperAsync();
        var client = await app.Given.MachineClientAsync(owner, "orders:read");
        var token = (await app.ClientCredentialsAsync(client.ClientId, client.ClientSecret!)).AccessToken!;
        await RevokeAsync(client, token, "access_token");

        // A fresh list (as on another instance or after a restart) learns the revocation from the database.
        var fresh = ActivatorUtilities.CreateInstance<TokenRevocationList>(app.Services, new Notarial.Portal.Features.Caching.InProcessInvalidationBus());
        await fresh.SyncAsync();
        var (_, payload) = OAuthTestExtensions.DecodeJwt(token);

        Assert.True(fresh.IsRevoked(payload.GetProperty("jti").GetString(), null, null, null, app.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task Deleting_an_account_ends_the_tokens_issued_for_it_and_to_its_applications()
    {
        var (_, user, userTokens) = await UserTokensAsync();
        var machine = await app.Given.MachineClientAsync(user, "orders:read");
        var machineToken = (await app.ClientCredentialsAsync(machine.ClientId, machine.ClientSecret!)).AccessToken!;
        var browser = app.NewClient();
        await browser.SignInAsync(user);

        var deleted = await browser.SubmitFormAsync("account/manage/delete", "delete-account", new Dictionary<string, string> { ["Input.Password"] = user.Password });

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CallApiAsync(userTokens.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CallApiAsync(machineToken)).Status);
    }
}
