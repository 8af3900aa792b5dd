using System.Globalization;
using System.Reflection;
using Markdig;

namespace Notarial.Portal.Features.Docs;

/// <summary>
/// The guides' pages, read once from the Markdown files embedded in this assembly (<c>Features/Docs/Pages/*.md</c>), so a
/// published build carries them. Each file starts with a front matter block of <c>key: value</c> lines between
/// <c>---</c> lines: title, section, order, summary and optionally help (a seed 002 help topic).
/// </summary>
public sealed class DocsLibrary
{
    private const string ResourcePrefix = "docs/";
    private readonly Dictionary<string, DocsArticle> _bySlug;
    private readonly Dictionary<string, string> _plainText;

    public DocsLibrary()
        : this(ReadEmbedded())
    {
    }

    public DocsLibrary(IEnumerable<(string Slug, string Text)> files)
    {
        Articles = files.Select(f => Parse(f.Slug, f.Text))
            .OrderBy(a => DocsSectionsIndex(a.Section)).ThenBy(a => a.Order).ThenBy(a => a.Title, StringComparer.Ordinal)
            .ToList();
        _bySlug = Articles.ToDictionary(a => a.Slug, StringComparer.OrdinalIgnoreCase);
        _plainText = Articles.ToDictionary(a => a.Slug, a => Markdown.ToPlainText(a.Markdown, DocsRenderer.Pipeline), StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<DocsArticle> Articles { get; }

    public DocsArticle? Find(string slug) => _bySlug.GetValueOrDefault(slug);

    public DocsArticle? FindByHelpTopic(string topic) =>
        Articles.FirstOrDefault(a => string.Equals(a.HelpTopic, topic, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<DocsArticle> InSection(string section) => Articles.Where(a => a.Section == section);

    /// <summary>Pages whose title, summary or text contain every word of <paramref name="query"/>, titles first.</summary>
    public IReadOnlyList<DocsSearchHit> Search(string? query)
    {
        var words = (query ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            return [];
        }

        return Articles
            .Select(a => (Article: a, Text: a.Title + " " + a.Summary + " " + _plainText[a.Slug]))
            .Where(x => words.All(w => x.Text.Contains(w, StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(x => words.Count(w => x.Article.Title.Contains(w, StringComparison.OrdinalIgnoreCase)))
            .Select(x => new DocsSearchHit(x.Article, Excerpt(_plainText[x.Article.Slug], words[0])))
            .ToList();
    }

    private static string Excerpt(string text, string word)
    {
        var flat = string.Join(' ', text.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        var at = flat.IndexOf(word, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return flat.Length <= 160 ? flat : flat[..160] + "…";
        }

        var start = Math.Max(0, at - 60);
        var end = Math.Min(flat.Length, at + word.Length + 100);
        return (start > 0 ? "…" : "") + flat[start..end] + (end < flat.Length ? "…" : "");
    }

    private static int DocsSectionsIndex(string section)
    {
        var index = DocsSections.All.ToList().IndexOf(section);
        return index < 0 ? int.MaxValue : index;
    }

    private static IEnumerable<(string Slug, string Text)> ReadEmbedded()
    {
        var assembly = typeof(DocsLibrary).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".md", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (name[ResourcePrefix.Length..^3], reader.ReadToEnd());
        }
    }

    /// <summary>Splits the front matter from the body; a page without a title or section is a bug in the repository.</summary>
    public static DocsArticle Parse(string slug, string text)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!text.StartsWith("---\n", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The docs page '{slug}' has no front matter.");
        }

        var end = text.IndexOf("\n---\n", 4, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new InvalidOperationException($"The docs page '{slug}' has an unclosed front matter.");
        }

        var fields = text[4..end].Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.OrdinalIgnoreCase);
        string Required(string key) => fields.TryGetValue(key, out var value) && value.Length > 0
            ? value
            : throw new InvalidOperationException($"The docs page '{slug}' has no '{key}' in its front matter.");

        return new DocsArticle(
            slug,
            Required("title"),
            Required("section"),
            int.Parse(fields.GetValueOrDefault("order", "100"), CultureInfo.InvariantCulture),
            fields.GetValueOrDefault("summary", ""),
            fields.GetValueOrDefault("help"),
            text[(end + 5)..]);
    }
}
