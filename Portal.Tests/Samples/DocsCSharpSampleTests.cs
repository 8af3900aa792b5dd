using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Notarial.Portal.Features.Docs;

namespace Notarial.Portal.Tests.Samples;

/// <summary>
/// Every C# sample of the docs compiles, as a console program with .NET's implicit usings, against the framework this
/// test runs on (Roslyn in the test, referencing the runtime's own assemblies). They are filled as for a signed-out reader.
/// </summary>
public sealed class DocsCSharpSampleTests
{
    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll"
                // The SDKs page's sample uses the C# SDK (and so what its public types are made of).
                || Path.GetFileName(path).StartsWith("Notarial.Portal.Sdk", StringComparison.Ordinal)
                || Path.GetFileName(path).StartsWith("Microsoft.Extensions.", StringComparison.Ordinal))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList());

    // What `<ImplicitUsings>enable</ImplicitUsings>` gives a console project.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    public static TheoryData<string, int> Samples()
    {
        var data = new TheoryData<string, int>();
        foreach (var article in new DocsLibrary().Articles)
        {
            var samples = DocsRenderer.Samples(article, DocsValues.Anonymous("https://portal.example.com/"));
            for (var i = 0; i < samples.Count; i++)
            {
                if (samples[i].Language == "csharp")
                {
                    data.Add(article.Slug, i);
                }
            }
        }

        return data;
    }

    [Fact]
    public void Every_getting_started_page_has_a_sample_in_each_of_the_five_languages()
    {
        foreach (var article in new DocsLibrary().InSection(DocsSections.GettingStarted).Where(a => a.Slug != "portal-session"))
        {
            var languages = DocsRenderer.Samples(article, DocsValues.Anonymous("https://portal.example.com/")).Select(s => s.Language).ToHashSet();
            foreach (var language in new[] { "bash", "typescript", "csharp", "php", "python" })
            {
                Assert.True(languages.Contains(language), $"docs/{article.Slug} has no {language} sample.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Csharp_sample_compiles(string page, int index)
    {
        var article = new DocsLibrary().Find(page)!;
        var sample = DocsRenderer.Samples(article, DocsValues.Anonymous("https://portal.example.com/"))[index];
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create(
            "DocsSample",
            [CSharpSyntaxTree.ParseText(sample.Code, options), CSharpSyntaxTree.ParseText(ImplicitUsings, options)],
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        using var output = new MemoryStream();
        var result = compilation.Emit(output);

        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.True(result.Success, $"The C# sample #{index} of docs/{page} does not compile:\n{string.Join("\n", errors)}\n--- sample\n{sample.Code}");
    }
}
