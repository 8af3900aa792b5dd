namespace Notarial.Portal.Features.Docs;

/// <summary>The sections of the guides, in the order the navigation shows them.</summary>
public static class DocsSections
{
    public const string GettingStarted = "Getting started";
    public const string Guides = "Guides";

    public static IReadOnlyList<string> All { get; } = [GettingStarted, Guides];
}
