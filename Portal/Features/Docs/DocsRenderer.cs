using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Notarial.Portal.Features.Docs;

/// <summary>
/// Renders a guide page with Markdig for one reader: <c>{{name}}</c> placeholders are filled from <see cref="DocsValues"/>
/// (the reader's base URL, client ids, key hints — never a secret) and from <see cref="DocsGeneratedContent"/> (tables
/// made from the code's catalogs, so they cannot drift); code blocks get a copy button and tables a scrolling frame.
/// </summary>
public static partial class DocsRenderer
{
    /// <summary>Pipe tables, auto heading ids, generic attributes… — and no raw HTML from the Markdown files.</summary>
    public static MarkdownPipeline Pipeline { get; } = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();

    public static RenderedDocsArticle Render(DocsArticle article, DocsValues values)
    {
        var markdown = Fill(article.Markdown, values);
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var block in document.Descendants<FencedCodeBlock>().Where(b => (b.Arguments ?? "").Split(' ').Contains("run")))
        {
            // Marks the samples the tests execute against a real server (DocsSampleTests).
            block.GetAttributes().AddProperty("data-run", "true");
        }

        var headings = document.Descendants<HeadingBlock>()
            .Where(h => h.Level is 2 or 3)
            .Select(h => new DocsHeading(h.Level, InlineText(h.Inline), h.GetAttributes().Id ?? ""))
            .ToList();
        var html = document.ToHtml(Pipeline);
        html = CodeBlock().Replace(html, match =>
        {
            var language = Language().Match(match.Groups["attributes"].Value).Groups["language"].Value;
            var label = Label(language, WebUtility.HtmlDecode(match.Groups["code"].Value));
            return $"""<div class="np-code"><div class="np-code-bar"><span class="np-code-label">{label}</span><button type="button" class="np-code-copy" data-copy-code aria-label="Copy the {label} sample">Copy</button></div><pre><code{match.Groups["attributes"].Value}>{match.Groups["code"].Value}</code></pre></div>""";
        });
        html = html.Replace("<table>", "<div class=\"np-docs-table\"><table>", StringComparison.Ordinal)
            .Replace("</table>", "</table></div>", StringComparison.Ordinal);
        return new RenderedDocsArticle(article, html, headings);
    }

    /// <summary>The page's Markdown with every placeholder filled; an unknown placeholder is a bug in the page.</summary>
    public static string Fill(string markdown, DocsValues values) => Placeholder().Replace(markdown, match =>
    {
        var name = match.Groups["name"].Value;
        return DocsGeneratedContent.Find(name) ?? values.Find(name)
            ?? throw new InvalidOperationException($"The docs have no value for the placeholder {{{{{name}}}}}.");
    });

    /// <summary>The fenced code blocks of a filled page with their language and info-string arguments (e.g. <c>bash run</c>).</summary>
    public static IReadOnlyList<DocsCodeSample> Samples(DocsArticle article, DocsValues values) =>
        Markdown.Parse(Fill(article.Markdown, values), Pipeline).Descendants<FencedCodeBlock>()
            .Select(b => new DocsCodeSample(b.Info ?? "", b.Arguments ?? "", string.Join('\n', b.Lines.Lines.Take(b.Lines.Count).Select(l => l.ToString()))))
            .ToList();

    private static string Label(string language, string code) => language switch
    {
        "bash" or "sh" or "shell" => code.Contains("curl ", StringComparison.Ordinal) ? "curl" : "shell",
        "typescript" or "ts" => "TypeScript",
        "csharp" or "cs" => "C#",
        "php" => "PHP",
        "python" or "py" => "Python",
        "json" => "JSON",
        "http" => "HTTP",
        "" => "code",
        _ => language,
    };

    private static string InlineText(ContainerInline? inline)
    {
        var text = new StringBuilder();
        foreach (var child in inline?.Descendants<Inline>() ?? [])
        {
            switch (child)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
            }
        }

        return text.ToString();
    }

    [GeneratedRegex(@"\{\{(?<name>[a-z_]+)\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("""<pre><code(?<attributes>[^>]*)>(?<code>.*?)</code></pre>""", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex("""class="language-(?<language>[\w#+-]+)""")]
    private static partial Regex Language();
}

/// <summary>One fenced code block: <see cref="Language"/> is its info string's first word, <see cref="Arguments"/> the rest.</summary>
public sealed record DocsCodeSample(string Language, string Arguments, string Code)
{
    /// <summary>Samples marked <c>run</c> are executed by the tests against a real server.</summary>
    public bool Runs => Arguments.Split(' ').Contains("run");
}
