using Microsoft.AspNetCore.WebUtilities;
using Notarial.Portal.Features.OAuth;

namespace Notarial.Portal.Features.Applications;

/// <summary>
/// The quickstart of one application: its discovery and authorize URLs and code samples (curl, TypeScript, C#) with
/// its client id filled in. The secret is never in them: samples read it from the NOTARIAL_CLIENT_SECRET variable.
/// </summary>
public sealed class ApplicationQuickstart
{
    public const string SecretVariable = "NOTARIAL_CLIENT_SECRET";

    private readonly ApplicationView _application;
    private readonly string _base;

    /// <param name="baseUri">The portal's address, e.g. https://portal.example.com/ (the issuer).</param>
    public ApplicationQuickstart(ApplicationView application, string baseUri)
    {
        _application = application ?? throw new ArgumentNullException(nameof(application));
        _base = baseUri.EndsWith('/') ? baseUri : baseUri + "/";
    }

    public string DiscoveryUrl => _base + ".well-known/openid-configuration";

    public string TokenUrl => _base + "auth/oauth/token";

    public string ApiTestUrl => _base + "api/v1/auth/test";

    /// <summary>The authorize URL with this app's first redirect URI and its scopes; state and the PKCE challenge are the app's to make.</summary>
    public string? AuthorizeUrl => _application.SignsUsersIn
        ? QueryHelpers.AddQueryString(_base + "auth/oauth/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = _application.ClientId,
            ["redirect_uri"] = RedirectUri,
            ["scope"] = UserScopes,
            ["state"] = "STATE",
            ["code_challenge"] = "CODE_CHALLENGE",
            ["code_challenge_method"] = "S256",
        })
        : null;

    private string RedirectUri => _application.RedirectUris.FirstOrDefault() ?? "https://app.example.com/callback";

    private string UserScopes => string.Join(' ', ["openid", "profile", "offline_access", .. _application.Scopes]);

    private string MachineScopes => string.Join(' ', _application.Scopes);

    private string ClientId => _application.ClientId;

    public string Curl => _application.Kind switch
    {
        ApplicationKind.Machine or ApplicationKind.Plugin => $"""
            # Get a token (the secret comes from the environment, never from the command line history)
            curl -s -X POST {TokenUrl} \
              -u "{ClientId}:${SecretVariable}" \
              -d grant_type=client_credentials \
              -d scope="{MachineScopes}"

            # Call the API with the access_token of the answer
            curl -s {ApiTestUrl} -H "Authorization: Bearer $ACCESS_TOKEN"
            """,
        ApplicationKind.SinglePage => $"""
            # After the user signs in, exchange the code your redirect URI received (public client: no secret, PKCE verifier required)
            curl -s -X POST {TokenUrl} \
              -d grant_type=authorization_code \
              -d client_id={ClientId} \
              -d code="$CODE" \
              -d redirect_uri="{RedirectUri}" \
              -d code_verifier="$CODE_VERIFIER"
            """,
        _ => $"""
            # After the user signs in, exchange the code your redirect URI received
            curl -s -X POST {TokenUrl} \
              -u "{ClientId}:${SecretVariable}" \
              -d grant_type=authorization_code \
              -d code="$CODE" \
              -d redirect_uri="{RedirectUri}" \
              -d code_verifier="$CODE_VERIFIER"

            # Later, a new access token from the refresh token (each refresh token works once)
            curl -s -X POST {TokenUrl} \
              -u "{ClientId}:${SecretVariable}" \
              -d grant_type=refresh_token \
              -d refresh_token="$REFRESH_TOKEN"
            """,
    };

    public string TypeScript => _application.Kind switch
    {
        ApplicationKind.Machine or ApplicationKind.Plugin => $$"""
            // Node 18+ (built-in fetch). The secret comes from the environment.
            const basic = Buffer.from(`{{ClientId}}:${process.env.{{SecretVariable}}}`).toString("base64");
            const tokenResponse = await fetch("{{TokenUrl}}", {
              method: "POST",
              headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" },
              body: new URLSearchParams({ grant_type: "client_credentials", scope: "{{MachineScopes}}" }),
            });
            const { access_token } = await tokenResponse.json();

            const me = await fetch("{{ApiTestUrl}}", { headers: { Authorization: `Bearer ${access_token}` } });
            console.log(await me.json());
            """,
        ApplicationKind.SinglePage => $$"""
            // In the browser. 1. Send the user to sign in, with PKCE and a state value kept for the callback.
            const base64url = (bytes: Uint8Array) =>
              btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
            const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
            const challenge = base64url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))));
            const state = crypto.randomUUID();
            sessionStorage.setItem("pkce", JSON.stringify({ verifier, state }));

            const authorize = new URL("{{_base}}auth/oauth/authorize");
            authorize.search = new URLSearchParams({
              response_type: "code",
              client_id: "{{ClientId}}",
              redirect_uri: "{{RedirectUri}}",
              scope: "{{UserScopes}}",
              state,
              code_challenge: challenge,
              code_challenge_method: "S256",
            }).toString();
            location.assign(authorize.toString());

            // 2. On {{RedirectUri}}: check the state, then exchange the code.
            const saved = JSON.parse(sessionStorage.getItem("pkce") ?? "{}");
            const params = new URLSearchParams(location.search);
            if (params.get("state") !== saved.state) throw new Error("Unexpected state: not our sign-in.");
            const tokens = await (await fetch("{{TokenUrl}}", {
              method: "POST",
              body: new URLSearchParams({
                grant_type: "authorization_code",
                client_id: "{{ClientId}}",
                code: params.get("code") ?? "",
                redirect_uri: "{{RedirectUri}}",
                code_verifier: saved.verifier,
              }),
            })).json();
            """,
        _ => $$"""
            // On your server (Node 18+), in the handler of {{RedirectUri}}: check the state you stored with the
            // PKCE verifier when you sent the user to the authorize URL, then exchange the code.
            const basic = Buffer.from(`{{ClientId}}:${process.env.{{SecretVariable}}}`).toString("base64");
            const tokenResponse = await fetch("{{TokenUrl}}", {
              method: "POST",
              headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" },
              body: new URLSearchParams({
                grant_type: "authorization_code",
                code,
                redirect_uri: "{{RedirectUri}}",
                code_verifier: session.pkceVerifier,
              }),
            });
            const { access_token, refresh_token, id_token } = await tokenResponse.json();
            """,
    };

    public string CSharp => _application.Kind switch
    {
        ApplicationKind.Machine or ApplicationKind.Plugin => $$"""
            // dotnet add package Duende.IdentityModel
            using Duende.IdentityModel.Client;

            var http = new HttpClient();
            var token = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
            {
                Address = "{{TokenUrl}}",
                ClientId = "{{ClientId}}",
                ClientSecret = Environment.GetEnvironmentVariable("{{SecretVariable}}"),
                Scope = "{{MachineScopes}}",
            });

            http.SetBearerToken(token.AccessToken!);
            Console.WriteLine(await http.GetStringAsync("{{ApiTestUrl}}"));
            """,
        ApplicationKind.SinglePage => $$"""
            // A native .NET app: dotnet add package Duende.IdentityModel.OidcClient
            using Duende.IdentityModel.OidcClient;

            var client = new OidcClient(new OidcClientOptions
            {
                Authority = "{{_base.TrimEnd('/')}}",
                ClientId = "{{ClientId}}",
                RedirectUri = "{{RedirectUri}}",
                Scope = "{{UserScopes}}",
                Browser = new SystemBrowser(), // your IBrowser: opens the system browser and listens on the redirect URI
            });

            var result = await client.LoginAsync(); // authorization code with PKCE
            Console.WriteLine(result.IsError ? result.Error : result.AccessToken);
            """,
        _ => $$"""
            // ASP.NET Core: dotnet add package Microsoft.AspNetCore.Authentication.OpenIdConnect
            builder.Services.AddAuthentication(options =>
                {
                    options.DefaultScheme = "Cookies";
                    options.DefaultChallengeScheme = "Notarial";
                })
                .AddCookie("Cookies")
                .AddOpenIdConnect("Notarial", options =>
                {
                    options.Authority = "{{_base.TrimEnd('/')}}";
                    options.ClientId = "{{ClientId}}";
                    options.ClientSecret = builder.Configuration["{{SecretVariable}}"];
                    options.ResponseType = "code"; // authorization code; PKCE is on by default
                    options.CallbackPath = "{{new Uri(RedirectUri).AbsolutePath}}";
                    options.SaveTokens = true;
                    foreach (var scope in "{{UserScopes}}".Split(' ')) options.Scope.Add(scope);
                });
            """,
    };
}
