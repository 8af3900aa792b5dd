using System.Net;
using System.Text.RegularExpressions;
using Notarial.Portal.Features.Docs;
using Notarial.Portal.Features.Scopes;

namespace Notarial.Portal.Tests.Features.Docs;

[Collection(PortalCollection.Name)]
public sealed partial class DocsPagesTests(PortalApp app)
{
    public static TheoryData<string> Slugs()
    {
        var data = new TheoryData<string>();
        foreach (var article in new DocsLibrary().Articles)
        {
            data.Add(article.Slug);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Slugs))]
    public async Task Every_page_renders_with_its_title_a_table_of_contents_and_copy_buttons(string slug)
    {
        using var client = app.NewClient();

        var html = await client.GetStringAsync("docs/" + slug);

        var page = HtmlForms.Parse(html);
        var article = new DocsLibrary().Find(slug)!;
        Assert.Equal(article.Title, page.QuerySelector("h1")!.TextContent.Trim());
        var toc = page.QuerySelectorAll(".np-docs-toc a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.NotEmpty(toc);
        foreach (var href in toc)
        {
            Assert.NotNull(page.GetElementById(href.Split('#')[1]));
        }

        foreach (var block in page.QuerySelectorAll(".np-code"))
        {
            Assert.NotNull(block.QuerySelector("button[data-copy-code]"));
        }

        Assert.DoesNotContain("{{", page.QuerySelector(".np-docs-body")!.TextContent);
    }

    /// <summary>Crawls /docs and every guide, and requests every internal link they have (signed out: pages behind
    /// sign-in must lead to the sign-in page, not fail); an anchor must exist on the page it points to.</summary>
    [Fact]
    public async Task Every_internal_link_of_the_docs_answers()
    {
        using var client = app.NewClient(followRedirects: true);
        var pages = new[] { "docs", "docs/api" }.Concat(new DocsLibrary().Articles.Select(a => a.Href)).ToList();
        var links = new HashSet<string>(StringComparer.Ordinal);
        foreach (var page in pages)
        {
            var html = await client.GetStringAsync(page);
            foreach (var href in HtmlForms.Parse(html).QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!))
            {
                if (Uri.TryCreate(href, UriKind.Absolute, out var absolute) && !absolute.Host.Equals(app.BaseAddress.Host, StringComparison.Ordinal))
                {
                    continue;
                }

                links.Add(absolute is not null ? absolute.PathAndQuery.TrimStart('/') + absolute.Fragment : href.TrimStart('/'));
            }
        }

        Assert.Contains("docs/errors#invalid_api_key", links);
        var failures = new List<string>();
        var documents = new Dictionary<string, AngleSharp.Html.Dom.IHtmlDocument>();
        foreach (var link in links.Order(StringComparer.Ordinal))
        {
            var path = link.Split('#')[0];
            path = path.Length == 0 ? "/" : path;
            var response = await client.GetAsync(path);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"{link}: {(int)response.StatusCode}");
                continue;
            }

            if (link.Contains('#'))
            {
                if (!documents.TryGetValue(path, out var document))
                {
                    document = documents[path] = HtmlForms.Parse(await response.Content.ReadAsStringAsync());
                }

                if (document.GetElementById(link.Split('#')[1]) is null)
                {
                    failures.Add($"{link}: no element with that id");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {links.Count} links fail:\n" + string.Join("\n", failures));
    }

    [Theory]
    [InlineData("overview", "docs/api-key")]
    [InlineData("query", "docs/query-api")]
    [InlineData("odata", "docs/odata")]
    [InlineData("imports", "docs/imports")]
    [InlineData("webhooks", "docs/webhooks")]
    [InlineData("rate-limits", "docs/rate-limits")]
    public async Task Seed_002s_help_paths_lead_to_their_page(string topic, string page)
    {
        using var client = app.NewClient();

        var response = await client.GetAsync($"help/en/api/{topic}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/" + page, response.Headers.Location!.OriginalString);
        using var followed = app.NewClient(followRedirects: true);
        Assert.Equal(HttpStatusCode.OK, (await followed.GetAsync($"help/en/api/{topic}")).StatusCode);
    }

    [Fact]
    public async Task Signed_out_the_samples_show_placeholders_and_invite_to_sign_in()
    {
        using var client = app.NewClient();

        var html = await client.GetStringAsync("docs/client-credentials");

        Assert.Contains("YOUR_CLIENT_ID", html);
        Assert.Contains("data-testid=\"docs-placeholders\"", html);
        Assert.Contains(app.BaseAddress.ToString().TrimEnd('/') + "/auth/oauth/token", html);
    }

    [Fact]
    public async Task The_errors_guide_lists_every_code_with_its_cause_and_fix()
    {
        using var client = app.NewClient();

        var page = HtmlForms.Parse(await client.GetStringAsync("docs/errors"));

        foreach (var error in ApiErrorCatalog.All)
        {
            var heading = page.GetElementById(error.Code);
            Assert.True(heading is not null, $"No section for {error.Code}.");
            Assert.Contains(error.Fix, page.QuerySelector(".np-docs-body")!.TextContent);
        }
    }

    /// <summary>Every error code the server's source writes into the envelope is in the catalog the guide is made from.</summary>
    [Fact]
    public void Every_error_code_the_api_can_answer_is_documented()
    {
        var root = FindRepositoryRoot();
        var written = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "Portal.Server"), "*.cs", SearchOption.AllDirectories)
                     .Concat(Directory.EnumerateFiles(Path.Combine(root, "Portal"), "*.cs", SearchOption.AllDirectories))
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            foreach (var line in File.ReadLines(file))
            {
                // A code is written next to its error type (ApiErrors.WriteAsync/Create, ApiResults.Error, ApiKeyProblem),
                // or through the bearer handler's Fail("code", ...).
                if (!line.Contains("ApiErrorTypes.", StringComparison.Ordinal) && !line.Contains("Fail(\"", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (Match match in Code().Matches(line))
                {
                    written.Add(match.Groups[1].Value);
                }
            }
        }

        Assert.Contains("invalid_api_key", written);
        Assert.Contains("expired_token", written);
        var missing = written.Where(code => ApiErrorCatalog.Find(code) is null).ToList();
        Assert.True(missing.Count == 0, "Not in ApiErrorCatalog (so not in the errors guide): " + string.Join(", ", missing));
    }

    [Fact]
    public async Task The_scopes_guide_lists_every_scope_of_the_catalog_in_plain_words()
    {
        using var client = app.NewClient();

        var text = HtmlForms.Parse(await client.GetStringAsync("docs/scopes")).QuerySelector(".np-docs-body")!.TextContent;

        foreach (var scope in ScopeCatalog.All)
        {
            Assert.Contains(scope.Name, text);
            Assert.Contains(scope.Description, text);
        }
    }

    [Fact]
    public async Task Search_across_pages_finds_the_pages_that_mention_every_word()
    {
        var library = new DocsLibrary();

        Assert.Equal("rate-limits", library.Search("Retry-After backoff jitter")[0].Article.Slug);
        Assert.Contains(library.Search("X-Webhook-Signature-256"), hit => hit.Article.Slug == "webhooks");
        Assert.Empty(library.Search("zebra unicorn"));

        using var client = app.NewClient();
        var page = HtmlForms.Parse(await client.GetStringAsync("docs?q=PKCE"));
        Assert.Contains(page.QuerySelectorAll(".np-docs-hits a"), a => a.GetAttribute("href") == "docs/spa-native");
    }

    [Fact]
    public async Task An_unknown_page_says_so_and_leads_back()
    {
        using var client = app.NewClient();

        var html = await client.GetStringAsync("docs/no-such-guide");

        Assert.Contains("This page does not exist", html);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Notarial.Portal.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository root was not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("\"([a-z]+(?:_[a-z]+)+)\"")]
    private static partial Regex Code();
}
