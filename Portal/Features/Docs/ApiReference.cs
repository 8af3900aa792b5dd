namespace Notarial.Portal.Features.Docs;

/// <summary>
/// The platform API as the reference page shows it: read from the server's OpenAPI document, so the page and
/// <c>/openapi/v1.json</c> can never disagree.
/// </summary>
public sealed record ApiReference(string Title, string Version, string? Description, IReadOnlyList<ApiReferenceGroup> Groups)
{
    public int OperationCount => Groups.Sum(g => g.Operations.Count);
}

public sealed record ApiReferenceGroup(string Name, IReadOnlyList<ApiReferenceOperation> Operations)
{
    public string Anchor => "tag-" + ApiReferenceAnchors.Slug(Name);
}

/// <summary>One operation. <see cref="Scope"/> is null for anonymous operations and for those any credential may call.</summary>
public sealed record ApiReferenceOperation(
    string Id,
    string Method,
    string Path,
    string Summary,
    string? Description,
    string? Scope,
    bool Anonymous,
    IReadOnlyList<ApiReferenceField> Parameters,
    string? BodyContentType,
    IReadOnlyList<ApiReferenceField> BodyFields,
    IReadOnlyList<ApiReferenceResponse> Responses)
{
    public string Anchor => "op-" + ApiReferenceAnchors.Slug(Id);

    public bool Matches(string? search) =>
        string.IsNullOrWhiteSpace(search)
        || Path.Contains(search, StringComparison.OrdinalIgnoreCase)
        || Summary.Contains(search, StringComparison.OrdinalIgnoreCase)
        || Method.Contains(search, StringComparison.OrdinalIgnoreCase)
        || (Scope?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false);
}

/// <summary>A parameter (<see cref="In"/> is path, query or header) or a field of the request body.</summary>
public sealed record ApiReferenceField(string Name, string In, string Type, bool Required, string? Description);

public sealed record ApiReferenceResponse(string Status, string Description, bool IsError);

/// <summary>Reads the platform API's reference (the host builds it from its OpenAPI document).</summary>
public interface IApiReferenceSource
{
    Task<ApiReference> GetAsync(CancellationToken cancellationToken = default);
}

public static class ApiReferenceAnchors
{
    public static string Slug(string text)
    {
        var chars = text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        return string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
    }
}
