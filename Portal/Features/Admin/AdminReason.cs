namespace Notarial.Portal.Features.Admin;

/// <summary>
/// Why staff revoke or lock something: one of a short list, plus free text (required for "Other"). It lands in the
/// security event and in the mail to the owner, so it is written for them to read.
/// </summary>
public sealed record AdminReason(string Category, string? Details = null)
{
    public const int MaxDetailsLength = 300;

    public const string Leaked = "Credential leaked or exposed";
    public const string Abuse = "Abuse or unusual traffic";
    public const string Compromised = "Account may be compromised";
    public const string OwnerRequest = "At the owner's request";
    public const string Terms = "Breach of the terms of use";
    public const string Other = "Other";

    public static IReadOnlyList<string> Categories { get; } = [Leaked, Abuse, Compromised, OwnerRequest, Terms, Other];

    /// <summary>The reason as one line: "Category: details".</summary>
    public string Text => string.IsNullOrWhiteSpace(Details) ? Category : $"{Category}: {Details.Trim()}";

    /// <summary>What is wrong with the reason, or null when it is usable.</summary>
    public string? Problem() =>
        !Categories.Contains(Category) ? "Choose a reason from the list."
        : Category == Other && string.IsNullOrWhiteSpace(Details) ? "Say in a few words why: the owner will read it."
        : Details?.Trim().Length > MaxDetailsLength ? $"Use at most {MaxDetailsLength} characters."
        : null;
}
