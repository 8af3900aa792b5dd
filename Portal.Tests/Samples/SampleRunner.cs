using System.Diagnostics;
using System.Text;

namespace Notarial.Portal.Tests.Samples;

/// <summary>What a sample printed and how it ended.</summary>
public sealed record SampleRun(int ExitCode, string Output, string Errors)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Errors}";
}

/// <summary>
/// Runs the seeds' code samples (copied verbatim into Samples/seed00x) as a developer would: the placeholders of the
/// base URL and the credential replaced, nothing else. TypeScript is transpiled with the TypeScript compiler from npm
/// (Samples/package.json, installed by test.sh) and run with node; PHP runs with php-cli; shell samples with bash and curl.
/// What a browser or a PHP web server would provide (storage, the callback's query string, the session) is set up
/// around the sample, never inside it.
/// </summary>
public sealed class SampleRunner : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public SampleRunner()
    {
        SamplesDirectory = FindSamplesDirectory();
        WorkDirectory = Path.Combine(SamplesDirectory, ".work", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(WorkDirectory);
    }

    /// <summary>Portal.Tests/Samples in the source tree (its node_modules hold the TypeScript compiler).</summary>
    public string SamplesDirectory { get; }

    /// <summary>A fresh directory per runner, inside Samples so node finds the compiler and the Node type definitions.</summary>
    public string WorkDirectory { get; }

    public static string Read(string sample) => File.ReadAllText(Path.Combine(FindSamplesDirectory(), sample));

    /// <summary>The sample's text with each placeholder replaced; fails when a placeholder is not in the sample (so a
    /// test cannot silently run something else than the seed wrote).</summary>
    public static string Fill(string text, IReadOnlyDictionary<string, string> replacements)
    {
        foreach (var (placeholder, value) in replacements)
        {
            Assert.True(text.Contains(placeholder, StringComparison.Ordinal), $"The sample does not contain {placeholder}.");
            text = text.Replace(placeholder, value, StringComparison.Ordinal);
        }

        return text;
    }

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(WorkDirectory, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Transpiles a TypeScript sample with tsc (CommonJS, ES2022, DOM and Node types) and runs it with node,
    /// after <paramref name="prelude"/> (plain JavaScript, loaded with --require).</summary>
    public async Task<SampleRun> RunTypeScriptAsync(string sample, IReadOnlyDictionary<string, string> replacements, string? prelude = null,
        IReadOnlyDictionary<string, string>? environment = null, string? entry = null)
    {
        var name = Path.GetFileNameWithoutExtension(sample);
        WriteFile(name + ".ts", Fill(Read(sample), replacements));
        var tsc = Path.Combine(SamplesDirectory, "node_modules", ".bin", "tsc");
        Assert.True(File.Exists(tsc), "The TypeScript compiler is not installed: run 'npm ci' in Portal.Tests/Samples (test.sh does).");
        var compiled = await RunAsync(tsc, ["--target", "es2022", "--module", "commonjs", "--lib", "es2022,dom", "--types", "node",
            "--esModuleInterop", "--skipLibCheck", "--strict", "false", "--outDir", "out", name + ".ts"]);
        var output = Path.Combine(WorkDirectory, "out", name + ".js");

        // The seeds' samples are written for the compiler's non-strict defaults of their time; they must type-check so.
        Assert.True(compiled.ExitCode == 0 && File.Exists(output), "tsc refused the sample:\n" + compiled);

        var arguments = new List<string>();
        if (prelude is not null)
        {
            arguments.AddRange(["--require", WriteFile("prelude.cjs", prelude)]);
        }

        if (entry is not null)
        {
            // A plugin exports its function for the system to call: the host script requires the module and calls it.
            arguments.AddRange(["-e", $"Promise.resolve(require('./out/{name}.js').{entry}()).catch(e => {{ console.error(e); process.exit(1); }})"]);
        }
        else
        {
            arguments.Add(output);
        }

        return await RunAsync("node", arguments, environment);
    }

    /// <summary>Runs a sample of the docs as a developer who pasted it would: bash (curl), TypeScript (tsc, then node), PHP
    /// or Python, with <paramref name="environment"/> holding the secrets the samples read from the environment.</summary>
    public async Task<SampleRun> RunSourceAsync(string language, string code, IReadOnlyDictionary<string, string> environment)
    {
        var name = "sample-" + Guid.NewGuid().ToString("N")[..8];
        switch (language)
        {
            case "bash":
                return await RunAsync("bash", [WriteFile(name + ".sh", code)], environment);
            case "php":
                return await RunAsync("php", ["-d", "display_errors=stderr", WriteFile(name + ".php", code)], environment);
            case "python":
                return await RunAsync("python3", [WriteFile(name + ".py", code)], environment);
            case "typescript":
                WriteFile(name + ".ts", code);
                var tsc = Path.Combine(SamplesDirectory, "node_modules", ".bin", "tsc");
                Assert.True(File.Exists(tsc), "The TypeScript compiler is not installed: run 'npm ci' in Portal.Tests/Samples (test.sh does).");
                // The docs' samples are written for strict mode, as a new project would be.
                var compiled = await RunAsync(tsc, ["--target", "es2022", "--module", "commonjs", "--lib", "es2022,dom", "--types", "node",
                    "--esModuleInterop", "--skipLibCheck", "--strict", "--outDir", "out", name + ".ts"]);
                var output = Path.Combine(WorkDirectory, "out", name + ".js");
                Assert.True(compiled.ExitCode == 0 && File.Exists(output), "tsc refused the sample:\n" + compiled + "\n" + code);
                return await RunAsync("node", [output], environment);
            default:
                throw new ArgumentException($"No runner for {language}.", nameof(language));
        }
    }

    /// <summary>Runs a JavaScript snippet as an ES module (the seed's top-level await) after an ES module prelude.</summary>
    public Task<SampleRun> RunJavaScriptModuleAsync(string sample, IReadOnlyDictionary<string, string> replacements, string prelude) =>
        RunAsync("node", ["--import", "./" + Path.GetFileName(WriteFile("prelude.mjs", prelude)),
            WriteFile(Path.GetFileNameWithoutExtension(sample) + ".mjs", Fill(Read(sample), replacements))]);

    /// <summary>Runs a PHP sample with php-cli; <paramref name="prepend"/> plays the web server's part ($_GET, the session id).</summary>
    public Task<SampleRun> RunPhpAsync(string sample, IReadOnlyDictionary<string, string> replacements, string? prepend = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var arguments = new List<string> { "-d", "display_errors=stderr", "-d", "session.save_path=" + WorkDirectory, "-d", "session.use_cookies=0" };
        if (prepend is not null)
        {
            arguments.AddRange(["-d", "auto_prepend_file=" + WriteFile("prepend.php", prepend)]);
        }

        arguments.Add(WriteFile(Path.GetFileName(sample), Fill(Read(sample), replacements)));
        return RunAsync("php", arguments, environment);
    }

    /// <summary>Writes a PHP session file, as an earlier request of the same session would have.</summary>
    public void WritePhpSession(string id, IReadOnlyDictionary<string, object> values)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in values)
        {
            text.Append(key).Append('|').Append(value switch
            {
                int or long => $"i:{value};",
                string s => $"s:{Encoding.UTF8.GetByteCount(s)}:\"{s}\";",
                _ => throw new ArgumentException("Only strings and whole numbers.", nameof(values)),
            });
        }

        WriteFile("sess_" + id, text.ToString());
    }

    public Task<SampleRun> RunShellAsync(string sample, IReadOnlyDictionary<string, string> replacements) =>
        RunAsync("bash", [WriteFile(Path.GetFileName(sample), Fill(Read(sample), replacements))]);

    public async Task<SampleRun> RunAsync(string command, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(command)
        {
            WorkingDirectory = WorkDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not finish within {Timeout.TotalSeconds} s.");
        }

        return new SampleRun(process.ExitCode, await output, await errors);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a child process; the folder is ignored by git.
        }
    }

    private static string FindSamplesDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "Portal.Tests", "Samples");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("Portal.Tests/Samples was not found above " + AppContext.BaseDirectory);
    }
}
