using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Features.Docs;
using Notarial.Portal.Server.Features.Platform;

namespace Notarial.Portal.Tests.Features.Docs;

[Collection(PortalCollection.Name)]
public sealed class OpenApiDocumentTests(PortalApp app)
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    private async Task<JsonElement> DocumentAsync()
    {
        var response = await app.NewClient().GetAsync("openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.JsonAsync();
    }

    [Fact]
    public async Task The_document_describes_every_platform_endpoint_with_the_scope_it_enforces()
    {
        var document = await DocumentAsync();
        var described = new Dictionary<(string, string), JsonElement>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)))
            {
                described[(operation.Name.ToUpperInvariant(), path.Name)] = operation.Value;
            }
        }

        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } route && route.StartsWith("/api/", StringComparison.Ordinal) && !route.StartsWith("/api/oauth", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints)
        {
            var path = "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(s =>
                string.Concat(s.Parts.Select(p => p is Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter ? "{" + parameter.Name + "}" : ((Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart)p).Content))));
            foreach (var method in endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods)
            {
                Assert.True(described.TryGetValue((method, path), out var operation), $"{method} {path} is not in the OpenAPI document");
                var anonymous = endpoint.Metadata.GetMetadata<AnonymousPlatformEndpointMetadata>() is not null;
                var scope = anonymous ? null : endpoint.Metadata.GetMetadata<RequiredScopeMetadata>()?.Scope;
                Assert.Equal(scope, operation.TryGetProperty("x-required-scope", out var declared) ? declared.GetString() : null);
                Assert.Equal(anonymous, operation.GetProperty("security").GetArrayLength() == 0);
                var responses = operation.GetProperty("responses");
                if (!anonymous)
                {
                    Assert.True(responses.TryGetProperty("401", out _), $"{method} {path} does not document 401");
                    Assert.True(responses.TryGetProperty("429", out _), $"{method} {path} does not document 429");
                }

                if (scope is not null)
                {
                    Assert.Contains("insufficient_scope", responses.GetProperty("403").GetProperty("description").GetString());
                    var oauth = operation.GetProperty("security").EnumerateArray().Single(r => r.TryGetProperty("OAuth2", out _));
                    Assert.Equal([scope], oauth.GetProperty("OAuth2").EnumerateArray().Select(s => s.GetString()));
                }
            }
        }
    }

    [Fact]
    public async Task The_document_declares_both_credentials_and_the_error_envelope()
    {
        var document = await DocumentAsync();

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("X-API-Key", schemes.GetProperty("ApiKey").GetProperty("name").GetString());
        Assert.Equal("header", schemes.GetProperty("ApiKey").GetProperty("in").GetString());
        var flows = schemes.GetProperty("OAuth2").GetProperty("flows");
        Assert.Equal("/auth/oauth/token", flows.GetProperty("clientCredentials").GetProperty("tokenUrl").GetString());
        Assert.True(flows.GetProperty("authorizationCode").GetProperty("scopes").TryGetProperty("orders:read", out _));
        var error = document.GetProperty("components").GetProperty("schemas").GetProperty("ApiError").GetProperty("properties");
        Assert.True(error.TryGetProperty("request_id", out _));
        var import = document.GetProperty("paths").GetProperty("/api/v1/import").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.Equal("binary", import.GetProperty("multipart/form-data").GetProperty("schema").GetProperty("properties").GetProperty("file").GetProperty("format").GetString());
    }

    [Fact]
    public async Task The_reference_page_model_comes_from_the_same_document()
    {
        var reference = await app.Services.GetRequiredService<IApiReferenceSource>().GetAsync();

        var create = reference.Groups.SelectMany(g => g.Operations).Single(o => o is { Method: "POST", Path: "/api/v1/orders" });
        Assert.Equal("orders:write", create.Scope);
        Assert.Equal("application/json", create.BodyContentType);
        Assert.Contains(create.BodyFields, f => f.Name == "customer_name");
        Assert.Contains(create.Responses, r => r is { Status: "422", IsError: true });
        var leak = reference.Groups.SelectMany(g => g.Operations).Single(o => o.Path == "/api/v1/keys/report-leak");
        Assert.True(leak.Anonymous);
        Assert.DoesNotContain("X-API-Key", ApiReferenceSamples.Curl("https://portal.example", leak));
        Assert.Contains("-F file=@file.csv", ApiReferenceSamples.Curl("https://portal.example", reference.Groups.SelectMany(g => g.Operations).First(o => o.Path == "/api/v1/import")));
    }
}
