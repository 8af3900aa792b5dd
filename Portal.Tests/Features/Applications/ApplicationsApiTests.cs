using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Duende.IdentityModel.Client;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Tests.Features.OAuth;
using Notarial.Portal.Tests.Features.Platform;

namespace Notarial.Portal.Tests.Features.Applications;

[Collection(PortalCollection.Name)]
public class ApplicationsApiTests(PortalApp app)
{
    private async Task<(TestUser Owner, HttpClient Api)> DeveloperWithApiAsync(params string[] extraScopes)
    {
        var owner = await app.Given.DeveloperAsync();
        return (owner, await app.ApiClientAsync(owner, ["apps:manage", "orders:read", "invoices:read", .. extraScopes]));
    }

    /// <summary>The OAuth error of a client-credentials request (null when it got a token): invalid_client answers 401
    /// to HTTP Basic, so the client library reports the status rather than the error.</summary>
    private async Task<string?> TokenErrorAsync(string clientId, string secret)
    {
        var token = await app.ClientCredentialsAsync(clientId, secret);
        return token.IsError ? JsonDocument.Parse(token.Raw!).RootElement.GetProperty("error").GetString() : null;
    }

    [Fact]
    public async Task A_credential_with_apps_manage_registers_a_machine_app_whose_secret_gets_tokens_at_once()
    {
        var (_, api) = await DeveloperWithApiAsync();

        var response = await api.PostAsJsonAsync("api/v1/apps", new { name = "Nightly export", type = "machine", scopes = new[] { "orders:read" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        var id = body.GetProperty("application").GetProperty("id").GetString();
        Assert.Equal($"/api/v1/apps/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("machine", body.GetProperty("application").GetProperty("type").GetString());
        Assert.Equal("confidential", body.GetProperty("application").GetProperty("client_type").GetString());
        var token = await app.ClientCredentialsAsync(body.GetProperty("client_id").GetString()!, body.GetProperty("client_secret").GetString()!);
        Assert.False(token.IsError, token.Error);
        var (status, who, _) = await app.CallApiAsync(token.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["orders:read"], who.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task The_secret_is_shown_once_reading_the_app_or_the_list_never_carries_it()
    {
        var (_, api) = await DeveloperWithApiAsync();
        var created = await api.CreateAppAsync();

        var one = await (await api.GetAsync($"api/v1/apps/{created.Id}")).JsonAsync();
        var list = await (await api.GetAsync("api/v1/apps")).JsonAsync();

        Assert.Equal(created.ClientId, one.GetProperty("client_id").GetString());
        Assert.Contains(created.ClientId, list.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("client_id").GetString()));
        foreach (var text in new[] { one.GetRawText(), list.GetRawText() })
        {
            Assert.DoesNotContain(created.ClientSecret!, text, StringComparison.Ordinal);
            Assert.DoesNotContain("client_secret", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_web_app_registered_by_api_completes_the_authorization_code_flow_with_pkce()
    {
        var (_, api) = await DeveloperWithApiAsync();
        var web = await api.CreateAppAsync("web", redirectUris: [Given.RedirectUri]);
        var user = await app.Given.DeveloperAsync();
        var pkce = Pkce.New();

        var callback = await new OAuthBrowserlessFlow(app, user).RunAsync(OAuthBrowserlessFlow.AuthorizeUrl(web.ClientId, pkce));
        var tokens = await app.NewClient().RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = (await app.DiscoverAsync()).TokenEndpoint,
            ClientId = web.ClientId,
            ClientSecret = web.ClientSecret,
            Code = QueryHelpers.ParseQuery(callback.Query)["code"]!,
            RedirectUri = Given.RedirectUri,
            CodeVerifier = pkce.Verifier,
        });

        Assert.False(tokens.IsError, tokens.Error + " " + tokens.ErrorDescription);
        Assert.NotNull(tokens.RefreshToken);
        var grants = (await (await api.GetAsync($"api/v1/apps/{web.Id}")).JsonAsync()).GetProperty("active_grants").GetInt32();
        Assert.Equal(1, grants);
    }

    [Fact]
    public async Task A_single_page_app_is_public_it_gets_no_secret_and_has_none_to_rotate()
    {
        var (_, api) = await DeveloperWithApiAsync();

        var spa = await api.CreateAppAsync("spa", redirectUris: ["com.example.notes:/callback", "http://127.0.0.1:8400/callback"]);
        var rotate = await api.PostAsJsonAsync($"api/v1/apps/{spa.Id}/secret:rotate", new { grace = "1h" });

        Assert.Null(spa.ClientSecret);
        Assert.Equal("public", spa.Application.GetProperty("client_type").GetString());
        Assert.Equal(HttpStatusCode.Conflict, rotate.StatusCode);
        Assert.Equal("conflict", (await rotate.JsonAsync()).ErrorCode());
    }

    [Fact]
    public async Task A_single_page_app_registered_by_api_gets_tokens_with_pkce_and_no_secret()
    {
        var (_, api) = await DeveloperWithApiAsync();
        var spa = await api.CreateAppAsync("spa", redirectUris: [Given.RedirectUri]);
        var user = await app.Given.DeveloperAsync();
        var pkce = Pkce.New();

        var callback = await new OAuthBrowserlessFlow(app, user).RunAsync(OAuthBrowserlessFlow.AuthorizeUrl(spa.ClientId, pkce));
        var tokens = await app.NewClient().RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = (await app.DiscoverAsync()).TokenEndpoint,
            ClientId = spa.ClientId,
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
            Code = QueryHelpers.ParseQuery(callback.Query)["code"]!,
            RedirectUri = Given.RedirectUri,
            CodeVerifier = pkce.Verifier,
        });

        Assert.False(tokens.IsError, tokens.Error + " " + tokens.ErrorDescription);
        Assert.Equal(HttpStatusCode.OK, (await app.CallApiAsync(tokens.AccessToken)).Status);
    }

    [Theory]
    [InlineData("https://client.example.test/callback/")]
    [InlineData("https://CLIENT.example.test/callback")]
    [InlineData("https://client.example.test/callback?extra=1")]
    [InlineData("https://client.example.test/Callback")]
    public async Task A_redirect_uri_is_matched_exactly_at_authorize_time(string almost)
    {
        var (_, api) = await DeveloperWithApiAsync();
        var web = await api.CreateAppAsync("web", redirectUris: [Given.RedirectUri]);
        var user = await app.Given.DeveloperAsync();
        var browser = app.NewClient();
        await browser.SignInAsync(user);

        var response = await browser.GetAsync(OAuthBrowserlessFlow.AuthorizeUrl(web.ClientId, Pkce.New(), redirectUri: almost));

        // Refused on the portal's own error page: never a redirect to the URI that did not match.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    public static TheoryData<string, object, string> InvalidBodies => new()
    {
        // what is wrong, the body, the field the answer names
        { "no name", new { name = "", type = "machine", scopes = new[] { "orders:read" } }, "name" },
        { "name too long", new { name = new string('a', 101), type = "machine", scopes = new[] { "orders:read" } }, "name" },
        { "unknown type", new { name = "X", type = "plugin", scopes = new[] { "orders:read" } }, "type" },
        { "plain http on a public host", new { name = "X", type = "web", redirect_uris = new[] { "http://app.example.test/callback" } }, "redirect_uris[0]" },
        { "a fragment", new { name = "X", type = "web", redirect_uris = new[] { "https://app.example.test/callback#done" } }, "redirect_uris[0]" },
        { "a wildcard", new { name = "X", type = "web", redirect_uris = new[] { "https://*.example.test/callback" } }, "redirect_uris[0]" },
        { "user info", new { name = "X", type = "web", redirect_uris = new[] { "https://user:pass@app.example.test/callback" } }, "redirect_uris[0]" },
        { "a relative URI", new { name = "X", type = "web", redirect_uris = new[] { "/callback" } }, "redirect_uris[0]" },
        { "a custom scheme for a web app", new { name = "X", type = "web", redirect_uris = new[] { "com.example.app:/callback" } }, "redirect_uris[0]" },
        { "a script scheme for a native app", new { name = "X", type = "spa", redirect_uris = new[] { "javascript:alert(1)" } }, "redirect_uris[0]" },
        { "the second of two is wrong", new { name = "X", type = "web", redirect_uris = new[] { "https://a.example.test/cb", "http://b.example.test/cb" } }, "redirect_uris[1]" },
        { "more than 20", new { name = "X", type = "web", redirect_uris = Enumerable.Range(0, 21).Select(i => $"https://app.example.test/cb{i}").ToArray() }, "redirect_uris" },
        { "none for a web app", new { name = "X", type = "web", redirect_uris = Array.Empty<string>() }, "redirect_uris" },
        { "a bad post-logout URI", new { name = "X", type = "web", redirect_uris = new[] { "https://a.example.test/cb" }, post_logout_redirect_uris = new[] { "http://a.example.test/out" } }, "post_logout_redirect_uris[0]" },
        { "an unknown scope", new { name = "X", type = "machine", scopes = new[] { "orders:read", "everything" } }, "scopes" },
        { "a homepage over http", new { name = "X", type = "machine", scopes = new[] { "orders:read" }, homepage_url = "http://example.test" }, "homepage_url" },
        { "a list given as a string", new { name = "X", type = "web", redirect_uris = "https://a.example.test/cb" }, "redirect_uris" },
        { "a field the resource does not have", new { name = "X", type = "machine", scopes = new[] { "orders:read" }, client_secret = "mine" }, "client_secret" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task An_invalid_registration_is_validation_failed_naming_the_field(string why, object request, string field)
    {
        var (_, api) = await DeveloperWithApiAsync();

        var response = await api.PostAsJsonAsync("api/v1/apps", request);

        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{why}: {(int)response.StatusCode}");
        var body = await response.JsonAsync();
        Assert.Equal("validation_failed", body.ErrorCode());
        Assert.Contains(field, body.FieldsOf());
        Assert.False(string.IsNullOrWhiteSpace(body.MessageOf(field)));
        var names = (await (await api.GetAsync("api/v1/apps")).JsonAsync()).GetProperty("data").EnumerateArray().Select(a => a.GetProperty("name").GetString());
        Assert.DoesNotContain("X", names);
    }

    [Fact]
    public async Task Every_invalid_field_is_listed_at_once()
    {
        var (_, api) = await DeveloperWithApiAsync();

        var response = await api.PostAsJsonAsync("api/v1/apps", new
        {
            name = "",
            type = "web",
            logo_url = "not a url",
            redirect_uris = new[] { "https://ok.example.test/cb", "https://bad.example.test/cb#x", "http://bad.example.test/cb" },
        });

        var body = await response.JsonAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["logo_url", "name", "redirect_uris[1]", "redirect_uris[2]"], body.FieldsOf().Order(StringComparer.Ordinal));
        Assert.Contains("fragment", body.MessageOf("redirect_uris[1]"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("https", body.MessageOf("redirect_uris[2]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_400_in_the_error_envelope()
    {
        var (_, api) = await DeveloperWithApiAsync();

        var response = await api.PostAsync("api/v1/apps", new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await response.JsonAsync()).ErrorCode());
    }

    [Fact]
    public async Task Names_are_unique_per_developer_not_across_developers()
    {
        var (_, api) = await DeveloperWithApiAsync();
        var (_, otherApi) = await DeveloperWithApiAsync();
        await api.CreateAppAsync(name: "Invoice sync");

        var again = await api.PostAsJsonAsync("api/v1/apps", new { name = "invoice SYNC ", type = "machine", scopes = new[] { "orders:read" } });
        var other = await otherApi.PostAsJsonAsync("api/v1/apps", new { name = "Invoice sync", type = "machine", scopes = new[] { "orders:read" } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Equal(["name"], (await again.JsonAsync()).FieldsOf());
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
    }

    public static TheoryData<string, string> Operations => new()
    {
        { "GET", "" },
        { "PATCH", "" },
        { "DELETE", "" },
        { "POST", "/secret:rotate" },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Another_developers_app_is_not_found_for_every_operation(string method, string suffix)
    {
        var (_, ownerApi) = await DeveloperWithApiAsync();
        var (_, strangerApi) = await DeveloperWithApiAsync();
        var created = await ownerApi.CreateAppAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), $"api/v1/apps/{created.Id}{suffix}");
        if (method is "PATCH" or "POST")
        {
            request.Content = JsonContent.Create(method == "PATCH" ? new { name = "Mine now" } : (object)new { grace = "now" });
        }

        var response = await strangerApi.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found", (await response.JsonAsync()).ErrorCode());
        var unchanged = await (await ownerApi.GetAsync($"api/v1/apps/{created.Id}")).JsonAsync();
        Assert.Equal(created.Application.GetProperty("name").GetString(), unchanged.GetProperty("name").GetString());
        Assert.False((await app.ClientCredentialsAsync(created.ClientId, created.ClientSecret!)).IsError);
    }

    [Fact]
    public async Task Another_developers_apps_are_not_in_the_list()
    {
        var (_, ownerApi) = await DeveloperWithApiAsync();
        var (_, strangerApi) = await DeveloperWithApiAsync();
        var created = await ownerApi.CreateAppAsync();

        var list = await (await strangerApi.GetAsync("api/v1/apps")).JsonAsync();

        Assert.DoesNotContain(created.Id, list.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Without_apps_manage_the_api_answers_403_insufficient_scope()
    {
        var owner = await app.Given.DeveloperAsync();
        var api = await app.ApiClientAsync(owner, "orders:read", "keys:manage");

        var list = await api.GetAsync("api/v1/apps");
        var create = await api.PostAsJsonAsync("api/v1/apps", new { name = "X", type = "machine", scopes = new[] { "orders:read" } });

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal("insufficient_scope", (await list.JsonAsync()).ErrorCode());
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }

    [Fact]
    public async Task Without_a_credential_the_api_answers_401()
    {
        var response = await app.NewClient().GetAsync("api/v1/apps");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_api_key", (await response.JsonAsync()).ErrorCode());
    }

    [Fact]
    public async Task A_credential_cannot_give_an_app_a_scope_it_does_not_hold()
    {
        var owner = await app.Given.DeveloperAsync();
        var api = await app.ApiClientAsync(owner, "apps:manage", "orders:read");

        var response = await api.PostAsJsonAsync("api/v1/apps", new { name = "Greedy", type = "machine", scopes = new[] { "orders:read", "invoices:read" } });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("insufficient_scope", body.ErrorCode());
        Assert.Contains("invoices:read", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_developer_cannot_give_an_app_the_admin_scope()
    {
        var developer = await app.Given.DeveloperAsync();
        var session = await app.SessionApiClientAsync(developer);

        var response = await session.PostAsJsonAsync("api/v1/apps", new { name = "Root", type = "machine", scopes = new[] { "admin" } });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("insufficient_scope", (await response.JsonAsync()).ErrorCode());
    }

    [Fact]
    public async Task The_portal_session_manages_apps_only_with_the_antiforgery_token()
    {
        var developer = await app.Given.DeveloperAsync();
        var bare = app.NewClient();
        await bare.SignInAsync(developer);
        var session = await app.SessionApiClientAsync(developer);
        var request = new { name = "From the console", type = "machine", scopes = new[] { "orders:read" } };

        var without = await bare.PostAsJsonAsync("api/v1/apps", request);
        var with = await session.PostAsJsonAsync("api/v1/apps", request);

        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.Contains("antiforgery", (await without.JsonAsync()).GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Created, with.StatusCode);
        var list = await (await bare.GetAsync("api/v1/apps")).JsonAsync();
        Assert.Equal(["From the console"], list.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task A_test_environment_credential_registers_test_apps_and_sees_only_those()
    {
        var owner = await app.Given.DeveloperAsync();
        var live = await app.ApiClientInAsync("live", owner, "apps:manage", "orders:read");
        var test = await app.ApiClientInAsync("test", owner, "apps:manage", "orders:read");
        var liveApp = await live.CreateAppAsync();

        var testApp = await test.CreateAppAsync();
        var crossing = await test.PostAsJsonAsync("api/v1/apps", new { name = "Crossing", type = "machine", environment = "live", scopes = new[] { "orders:read" } });

        Assert.Equal("test", testApp.Application.GetProperty("environment").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, crossing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await test.GetAsync($"api/v1/apps/{liveApp.Id}")).StatusCode);
    }

    [Fact]
    public async Task Patch_changes_only_the_fields_sent_and_refuses_a_new_type()
    {
        var (_, api) = await DeveloperWithApiAsync();
        var web = await api.CreateAppAsync("web", name: "Storefront");

        var renamed = await api.PatchAsJsonAsync($"api/v1/apps/{web.Id}", new { name = "Storefront 2", description = "The shop" });
        var retyped = await api.PatchAsJsonAsync($"api/v1/apps/{web.Id}", new { type = "machine" });
        var badUri = await api.PatchAsJsonAsync($"api/v1/apps/{web.Id}", new { redirect_uris = new[] { "https://app.example.test/*" } });

        var body = await renamed.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("Storefront 2", body.GetProperty("name").GetString());
        Assert.Equal("The shop", body.GetProperty("description").GetString());
        Assert.Equal([ApplicationsApiTestExtensions.RedirectUri], body.GetProperty("redirect_uris").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(["type"], (await retyped.JsonAsync()).FieldsOf());
        Assert.Equal(["redirect_uris[0]"], (await badUri.JsonAsync()).FieldsOf());
    }

    [Fact]
    public async Task Disabling_stops_new_tokens_and_the_tokens_already_issued_and_enabling_lets_it_get_tokens_again()
    {
        var (_, api) = await DeveloperWithApiAsync();
        var machine = await api.CreateAppAsync();
        var before = await app.ClientCredentialsAsync(machine.ClientId, machine.ClientSecret!);

        var disabled = await api.PatchAsJsonAsync($"api/v1/apps/{machine.Id}", new { disabled = true });

        Assert.True((await disabled.JsonAsync()).GetProperty("disabled").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CallApiAsync(before.AccessToken)).Status);
        Assert.True((await app.ClientCredentialsAsync(machine.ClientId, machine.ClientSecret!)).IsError);

        await api.PatchAsJsonAsync($"api/v1/apps/{machine.Id}", new { disabled = false });
        var after = await app.ClientCredentialsAsync(machine.ClientId, machine.ClientSecret!);
        Assert.False(after.IsError, after.Error);
        Assert.Equal(HttpStatusCode.OK, (await app.CallApiAsync(after.AccessToken)).Status);
    }

    [Fact]
    public async Task Deleting_an_app_ends_its_tokens_and_its_client_id()
    {
        var (_, api) = await DeveloperWithApiAsync();
        var machine = await api.CreateAppAsync();
        var token = await app.ClientCredentialsAsync(machine.ClientId, machine.ClientSecret!);

        var deleted = await api.DeleteAsync($"api/v1/apps/{machine.Id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"api/v1/apps/{machine.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CallApiAsync(token.AccessToken)).Status);
        Assert.Equal("invalid_client", await TokenErrorAsync(machine.ClientId, machine.ClientSecret!));
    }

    [Fact]
    public async Task After_a_rotation_the_old_secret_works_until_the_grace_period_ends_then_fails()
    {
        var (owner, api) = await DeveloperWithApiAsync();
        var machine = await api.CreateAppAsync();

        var response = await api.PostAsJsonAsync($"api/v1/apps/{machine.Id}/secret:rotate", new { grace = "1h" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        var newSecret = body.GetProperty("client_secret").GetString()!;
        Assert.NotEqual(machine.ClientSecret, newSecret);
        var expires = body.GetProperty("application").GetProperty("previous_secret_expires_at").GetDateTimeOffset();
        Assert.InRange(expires - app.Clock.GetUtcNow(), TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
        Assert.False((await app.ClientCredentialsAsync(machine.ClientId, newSecret)).IsError);
        Assert.False((await app.ClientCredentialsAsync(machine.ClientId, machine.ClientSecret!)).IsError);

        app.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.False((await app.ClientCredentialsAsync(machine.ClientId, machine.ClientSecret!)).IsError);

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("invalid_client", await TokenErrorAsync(machine.ClientId, machine.ClientSecret!));
        Assert.False((await app.ClientCredentialsAsync(machine.ClientId, newSecret)).IsError);
        // The API credential's own token expired with the hour: a fresh one reads the application.
        var fresh = await app.ApiClientAsync(owner, "apps:manage");
        var after = await (await fresh.GetAsync($"api/v1/apps/{machine.Id}")).JsonAsync();
        Assert.Equal(JsonValueKind.Null, after.GetProperty("previous_secret_expires_at").ValueKind);
    }

    [Fact]
    public async Task Rotating_now_stops_the_old_secret_at_once_and_never_leaves_more_than_two_secrets()
    {
        var (_, api) = await DeveloperWithApiAsync();
        var machine = await api.CreateAppAsync();
        var second = (await (await api.PostAsJsonAsync($"api/v1/apps/{machine.Id}/secret:rotate", new { grace = "7d" })).JsonAsync())
            .GetProperty("client_secret").GetString()!;

        var third = (await (await api.PostAsJsonAsync($"api/v1/apps/{machine.Id}/secret:rotate", new { grace = "24h" })).JsonAsync())
            .GetProperty("client_secret").GetString()!;

        Assert.True((await app.ClientCredentialsAsync(machine.ClientId, machine.ClientSecret!)).IsError, "the first secret outlived two rotations");
        Assert.False((await app.ClientCredentialsAsync(machine.ClientId, second)).IsError);
        Assert.False((await app.ClientCredentialsAsync(machine.ClientId, third)).IsError);

        var now = (await (await api.PostAsJsonAsync($"api/v1/apps/{machine.Id}/secret:rotate", new { grace = "now" })).JsonAsync())
            .GetProperty("client_secret").GetString()!;

        Assert.True((await app.ClientCredentialsAsync(machine.ClientId, second)).IsError);
        Assert.True((await app.ClientCredentialsAsync(machine.ClientId, third)).IsError);
        Assert.False((await app.ClientCredentialsAsync(machine.ClientId, now)).IsError);
    }

    [Fact]
    public async Task An_unknown_grace_period_is_validation_failed()
    {
        var (_, api) = await DeveloperWithApiAsync();
        var machine = await api.CreateAppAsync();

        var response = await api.PostAsJsonAsync($"api/v1/apps/{machine.Id}/secret:rotate", new { grace = "forever" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["grace"], (await response.JsonAsync()).FieldsOf());
        Assert.False((await app.ClientCredentialsAsync(machine.ClientId, machine.ClientSecret!)).IsError);
    }

    [Fact]
    public async Task Every_create_update_rotate_and_delete_is_a_security_event_with_the_actor_and_never_the_secret()
    {
        var (owner, api) = await DeveloperWithApiAsync();
        var machine = await api.CreateAppAsync(name: "Audited");
        await api.PatchAsJsonAsync($"api/v1/apps/{machine.Id}", new { name = "Audited 2" });
        var rotated = (await (await api.PostAsJsonAsync($"api/v1/apps/{machine.Id}/secret:rotate", new { grace = "1h" })).JsonAsync())
            .GetProperty("client_secret").GetString()!;
        await api.PatchAsJsonAsync($"api/v1/apps/{machine.Id}", new { disabled = true });
        await api.DeleteAsync($"api/v1/apps/{machine.Id}");

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var events = await db.SecurityEvents.AsNoTracking().Where(e => e.TargetId == machine.ClientId).OrderBy(e => e.Id).ToListAsync();

        Assert.Equal(
            [SecurityEventTypes.ApplicationCreated, SecurityEventTypes.ApplicationUpdated, SecurityEventTypes.ApplicationSecretRotated,
                SecurityEventTypes.ApplicationDisabled, SecurityEventTypes.ApplicationDeleted],
            events.Select(e => e.Type));
        Assert.All(events, e =>
        {
            Assert.Equal(owner.Id, e.ActorUserId);
            Assert.Equal(owner.Id, e.SubjectUserId);
            Assert.Contains("via api", e.Details, StringComparison.Ordinal);
            Assert.DoesNotContain(machine.ClientSecret!, e.Details ?? "", StringComparison.Ordinal);
            Assert.DoesNotContain(rotated, e.Details ?? "", StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task The_seed_registration_endpoint_registers_a_web_app_from_name_redirect_uris_and_scopes()
    {
        var (_, api) = await DeveloperWithApiAsync();

        var response = await api.PostAsJsonAsync("oauth/applications", new
        {
            name = "My Application",
            redirect_uris = new[] { "https://myapp.example.test/callback" },
            scopes = new[] { "orders:read" },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("web", body.GetProperty("application").GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("client_secret").GetString()));
    }
}
