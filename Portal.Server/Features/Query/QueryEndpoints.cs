using System.Text;
using System.Text.Json;
using GraphQL;
using GraphQL.SystemTextJson;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Server.Features.Api;
using Notarial.Portal.Server.Features.Platform;

namespace Notarial.Portal.Server.Features.Query;

/// <summary>The body of <c>POST /api/query</c> (for the OpenAPI document; the endpoint reads it field by field).</summary>
public sealed record QueryRequest(string Query, JsonElement? Variables, string? OperationName);

/// <summary>
/// Seed 002's query API: <c>POST /api/query</c> with <c>{"query": "products { id, name, price, stock }"}</c> answers
/// <c>{"products": [...]}</c> — the root fields at the top level, because the samples read <c>data.products</c> from the
/// JSON itself. The language is GraphQL (graphql-dotnet parses, validates and executes); the seed's form without the
/// outer braces is accepted by adding them. Errors use the platform's envelope, never GraphQL's <c>errors</c> array.
/// </summary>
public static class QueryEndpoints
{
    public const int MaxQueryBytes = 10 * 1024;
    public const int MaxBodyBytes = 64 * 1024;
    public const int MaxDepth = 4;
    public const int MaxComplexity = 25_000;

    private static readonly string[] BodyFields = ["query", "variables", "operationName", "operation_name"];
    private static readonly string[] OperationKeywords = ["query", "mutation", "subscription", "fragment"];

    public static IServiceCollection AddQueryApi(this IServiceCollection services)
    {
        services.AddSingleton<ISchema>(_ => new Schema { Query = new PlatformQueryType() });
        services.AddSingleton<IDocumentExecuter, DocumentExecuter>();
        services.AddSingleton<GraphQLSerializer>(_ => new GraphQLSerializer(options => options.PropertyNamingPolicy = null));
        return services;
    }

    public static IEndpointRouteBuilder MapQueryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        foreach (var path in new[] { "/api/query", "/api/v1/query" })
        {
            endpoints.MapPost(path, QueryAsync)
                .RequireAnyPlatformCaller("Each root field checks its own scope (products:read, orders:read, invoices:read, appointments:read).")
                .WithTags("Query")
                .WithName(path == "/api/query" ? "Query" : "QueryV1")
                .WithSummary("Runs a GraphQL query over products, orders, invoices and appointments; the root fields are the top level of the answer.")
                .Accepts<QueryRequest>("application/json")
                .Produces<Dictionary<string, object>>(200)
                .ProducesApiErrors(400, 413, 422);
        }

        return endpoints;
    }

    private static async Task QueryAsync(HttpContext http, ISchema schema, IDocumentExecuter executer, GraphQLSerializer serializer)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            await ApiErrors.WriteAsync(http, 413, ApiErrorTypes.InvalidRequest, "payload_too_large", $"The body is larger than {MaxBodyBytes / 1024} kB.");
            return;
        }

        var (body, error) = await JsonBody.ReadAsync(http.Request);
        if (body is null)
        {
            await ApiErrors.WriteAsync(http, 400, ApiErrorTypes.InvalidRequest, "invalid_request", error!);
            return;
        }

        body.RejectUnknown(BodyFields);
        var query = body.String("query").Or(null);
        var operationName = body.String("operationName").Or(null) ?? body.String("operation_name").Or(null);
        var variables = body.Object("variables");
        var problems = body.Problems.ToList();
        if (string.IsNullOrWhiteSpace(query))
        {
            problems.Add(new FieldProblem("query", "Required: a GraphQL query such as \"products { id, name, price }\"."));
        }
        else if (Encoding.UTF8.GetByteCount(query) > MaxQueryBytes)
        {
            problems.Add(new FieldProblem("query", $"At most {MaxQueryBytes / 1024} kB."));
        }

        if (problems.Count > 0)
        {
            await WriteAsync(http, 422, ApiResults.ValidationFailed(http, problems).Value!);
            return;
        }

        var (text, addedLine) = Normalize(query!);
        if (NotAQuery(text) is { } refusal)
        {
            await WriteErrorsAsync(http, [refusal], addedLine, text);
            return;
        }

        ExecutionResult result;
        try
        {
            result = await Execute(executer, schema, serializer, http, text, operationName, variables);
        }
        catch (ExecutionError refused)
        {
            // What the client asked for is not something this schema runs (a mutation, say); bugs are not ExecutionErrors.
            await WriteErrorsAsync(http, [refused], addedLine, text);
            return;
        }

        if (result.Errors is { Count: > 0 } errors)
        {
            await WriteErrorsAsync(http, [.. errors], addedLine, text);
            return;
        }

        // The root fields at the top level: the "data" object of the GraphQL answer is the whole answer.
        using var document = JsonDocument.Parse(serializer.Serialize(result));
        http.Response.ContentType = "application/json; charset=utf-8";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            if (document.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
            {
                data.WriteTo(writer);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
        }

        // Kestrel refuses synchronous writes; the answer (at most a page) is built in memory and written once.
        await http.Response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted);
    }

    private static Task<ExecutionResult> Execute(IDocumentExecuter executer, ISchema schema, GraphQLSerializer serializer, HttpContext http, string text,
        string? operationName, JsonElement? variables) =>
        executer.ExecuteAsync(options =>
        {
            options.Schema = schema;
            options.Query = text;
            options.OperationName = operationName;
            options.Variables = variables is { } v ? serializer.ReadNode<Inputs>(v) : Inputs.Empty;
            options.UserContext = new QueryUserContext(PlatformCaller.From(http.User)!);
            options.RequestServices = http.RequestServices;
            options.User = http.User;
            options.CancellationToken = http.RequestAborted;
            options.ThrowOnUnhandledException = true;
            options.ValidationRules = DocumentValidator.CoreRules.Append(new ComplexityValidationRule(new ComplexityOptions
            {
                MaxDepth = MaxDepth,
                MaxComplexity = MaxComplexity,
            }));
        });

    /// <summary>Seed 002 writes the selection without its braces ("products { id, name }"); GraphQL wants "{ products { id, name } }".
    /// Returns the text to run and whether a line was added before the caller's (to report the caller's line numbers).</summary>
    public static (string Text, bool AddedLine) Normalize(string query)
    {
        var trimmed = query.TrimStart();
        while (trimmed.StartsWith('#'))
        {
            var end = trimmed.IndexOf('\n', StringComparison.Ordinal);
            trimmed = end < 0 ? "" : trimmed[(end + 1)..].TrimStart();
        }

        var isDocument = trimmed.StartsWith('{') ||
                         OperationKeywords.Any(k => trimmed.StartsWith(k, StringComparison.Ordinal) && (trimmed.Length == k.Length || !IsNameChar(trimmed[k.Length])));
        return isDocument ? (query, false) : ("{\n" + query + "\n}", true);
    }

    /// <summary>The API only reads: a mutation or subscription is refused up front (graphql-dotnet's complexity rule
    /// throws on an operation type the schema lacks instead of reporting it).</summary>
    private static ExecutionError? NotAQuery(string text)
    {
        GraphQLParser.AST.GraphQLDocument document;
        try
        {
            document = GraphQLParser.Parser.Parse(text);
        }
        catch (GraphQLParser.Exceptions.GraphQLSyntaxErrorException)
        {
            return null; // the executer reports syntax errors with their place
        }

        foreach (var operation in document.Definitions.OfType<GraphQLParser.AST.GraphQLOperationDefinition>())
        {
            if (operation.Operation != GraphQLParser.AST.OperationType.Query)
            {
                var before = text.AsSpan(0, Math.Min(operation.Location.Start, text.Length));
                var line = before.Count('\n') + 1;
                var column = before.Length - (before.LastIndexOf('\n') + 1) + 1;
                var error = new ExecutionError($"This API only reads: '{operation.Operation.ToString().ToLowerInvariant()}' operations are not supported; send a query.");
                error.AddLocation(new GraphQLParser.Location(line, column));
                return error;
            }
        }

        return null;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static async Task WriteErrorsAsync(HttpContext http, IReadOnlyList<ExecutionError> errors, bool addedLine, string text)
    {
        if (errors.OfType<QueryScopeError>().FirstOrDefault() is { } scopeError)
        {
            http.Items[ScopeAuthorizationHandler.RequiredScopeItem] = scopeError.Scope;
            await PlatformResponses.WriteForbiddenAsync(http);
            return;
        }

        var lastLine = text.Count(c => c == '\n') + 1 - (addedLine ? 2 : 0);
        var located = errors.Select(e =>
        {
            var location = e.Locations?.FirstOrDefault();
            int? line = location is { } l ? Math.Clamp(l.Line - (addedLine ? 1 : 0), 1, Math.Max(1, lastLine)) : null;
            return new ApiQueryProblem(e.Message, line, location?.Column);
        }).ToList();
        var fields = errors.OfType<QueryArgumentError>().SelectMany(e => e.Problems).Select(p => new ApiFieldError(p.Field, p.Message)).ToList();
        var summary = located.Count == 1 ? located[0].Message : $"The query has {located.Count} problems; the first: {located[0].Message}";
        var envelope = ApiErrors.Create(http, ApiErrorTypes.InvalidRequest, "validation_failed", summary, fields.Count > 0 ? fields : null);
        await WriteAsync(http, 422, envelope with { Error = envelope.Error with { Problems = located } });
    }

    private static async Task WriteAsync(HttpContext http, int status, ApiErrorResponse envelope)
    {
        http.Response.StatusCode = status;
        await http.Response.WriteAsJsonAsync(envelope, http.RequestAborted);
    }
}
