namespace Notarial.Portal.Features.Docs;

/// <summary>
/// One page of the guides: a Markdown file of <c>Features/Docs/Pages</c> with its front matter. <see cref="HelpTopic"/> is
/// the seed 002 help path that leads to it (<c>/help/en/api/{topic}</c>), if any.
/// </summary>
public sealed record DocsArticle(string Slug, string Title, string Section, int Order, string Summary, string? HelpTopic, string Markdown)
{
    public string Href => "docs/" + Slug;
}

/// <summary>A heading of a rendered page, for its table of contents.</summary>
public sealed record DocsHeading(int Level, string Text, string Id);

/// <summary>A page rendered for one reader: its HTML (code blocks with copy buttons) and its table of contents.</summary>
public sealed record RenderedDocsArticle(DocsArticle Article, string Html, IReadOnlyList<DocsHeading> Headings);

/// <summary>A page that matches a search, with a short excerpt around the first match.</summary>
public sealed record DocsSearchHit(DocsArticle Article, string Excerpt);
