using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Notarial.Portal.Features.Docs;
using Notarial.Portal.Features.Scopes;
using Notarial.Portal.Server.Features.Platform;

namespace Notarial.Portal.Server.Features.Docs;

/// <summary>
/// The platform API's OpenAPI document (<c>/openapi/v1.json</c>): every <c>/api</c> endpoint with the scope it needs
/// (<c>x-required-scope</c>, and as the OAuth scope of its security requirement), its credentials and its errors. The
/// portal's reference page (<c>/docs/api</c>) is rendered from the same document.
/// </summary>
public static class PlatformOpenApi
{
    public const string DocumentName = "v1";
    public const string ApiKeyScheme = "ApiKey";
    public const string OAuthScheme = "OAuth2";
    public const string ScopeExtension = "x-required-scope";

    /// <summary>The scope an operation of the document needs (its <c>x-required-scope</c>), or null.</summary>
    public static string? RequiredScope(OpenApiOperation operation) =>
        operation.Extensions?.TryGetValue(ScopeExtension, out var extension) == true && extension is JsonNodeExtension { Node: JsonValue value }
            ? value.GetValue<string>()
            : null;

    public static IServiceCollection AddPlatformOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                Describe(document);
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                Secure(operation, context);
                return Task.CompletedTask;
            });
        });
        services.AddSingleton<IApiReferenceSource, OpenApiReferenceSource>();
        services.AddDocsPages();
        return services;
    }

    public static IEndpointRouteBuilder MapPlatformOpenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        endpoints.MapPostmanCollection();
        endpoints.MapDocsHelpPaths();
        return endpoints;
    }

    private static void Describe(OpenApiDocument document)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Notarial platform API",
            Version = "v1",
            Description = "Orders, invoices, appointments, imports and the account's own credentials. Authenticate with an API key " +
                "(X-API-Key) or an OAuth access token (Authorization: Bearer). Errors are {\"error\":{\"type\",\"code\",\"message\",\"request_id\"}}.",
        };
        var scopes = ScopeCatalog.Platform.ToDictionary(s => s.Name, s => s.Description);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                Name = PlatformCredentialSelector.ApiKeyHeader,
                In = ParameterLocation.Header,
                Description = "An API key (notary_… or notary_test_…). Authorization: Bearer notary_… works too.",
            },
            [OAuthScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "An access token from the portal's authorization server.",
                Flows = new OpenApiOAuthFlows
                {
                    AuthorizationCode = new OpenApiOAuthFlow
                    {
                        AuthorizationUrl = new Uri("/auth/oauth/authorize", UriKind.Relative),
                        TokenUrl = new Uri("/auth/oauth/token", UriKind.Relative),
                        RefreshUrl = new Uri("/auth/oauth/token", UriKind.Relative),
                        Scopes = scopes,
                    },
                    ClientCredentials = new OpenApiOAuthFlow
                    {
                        TokenUrl = new Uri("/auth/oauth/token", UriKind.Relative),
                        Scopes = scopes,
                    },
                },
            },
        };
    }

    private static void Secure(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<FormBodyMetadata>().LastOrDefault() is { } form)
        {
            operation.RequestBody = form.ToRequestBody();
        }

        if (metadata.OfType<AnonymousPlatformEndpointMetadata>().Any())
        {
            operation.Security = [];
            operation.Responses?.Remove("401");
            operation.Responses?.Remove("403");
            return;
        }

        var scope = metadata.OfType<RequiredScopeMetadata>().LastOrDefault()?.Scope;
        if (scope is not null)
        {
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions[ScopeExtension] = new JsonNodeExtension(JsonValue.Create(scope));
            var satisfiedBy = new[] { scope, ScopeCatalog.ActionOf(scope), ScopeCatalog.Admin }.OfType<string>().Distinct();
            operation.Description = $"{operation.Description}{(string.IsNullOrEmpty(operation.Description) ? "" : "\n\n")}" +
                $"Requires the scope `{scope}` (or {string.Join(" or ", satisfiedBy.Skip(1).Select(s => $"`{s}`"))}).";
        }

        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OAuthScheme, context.Document)] = scope is null ? [] : [scope] },
        ];
        operation.Responses ??= [];
        foreach (var status in scope is null ? ["401", "429"] : new[] { "401", "403", "429" })
        {
            if (!operation.Responses.ContainsKey(status))
            {
                operation.Responses[status] = new OpenApiResponse
                {
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = new OpenApiSchemaReference(nameof(Api.ApiErrorResponse), context.Document) },
                    },
                };
            }
        }

        foreach (var (status, response) in operation.Responses)
        {
            if (ErrorDescriptions.TryGetValue(status, out var description) && response is OpenApiResponse concrete)
            {
                concrete.Description = description;
            }
        }
    }

    /// <summary>What each error status means on this API, with its codes.</summary>
    internal static readonly IReadOnlyDictionary<string, string> ErrorDescriptions = new Dictionary<string, string>
    {
        ["400"] = "Bad request: invalid_request (two credentials, a credential in the query string, a malformed body).",
        ["401"] = "No valid credential: invalid_api_key, expired_api_key, revoked_api_key, invalid_token.",
        ["403"] = "The credential lacks the scope (insufficient_scope) or may not be used from this address (ip_not_allowed).",
        ["404"] = "not_found: no such record for this account and environment.",
        ["409"] = "conflict: the record changed or the action no longer applies.",
        ["413"] = "payload_too_large: the body is over the limit.",
        ["422"] = "validation_failed: the fields (or rows) listed are invalid.",
        ["429"] = "rate_limit_exceeded: wait for Retry-After seconds.",
    };
}
