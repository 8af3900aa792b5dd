using Microsoft.Extensions.Options;
using Notarial.Portal.Data;

namespace Notarial.Portal.Features.Plugins;

/// <summary>
/// Where plugin executables may live, and the check that a plugin's executable is one of them: a path relative to the
/// plugins folder that stays inside it — no "..", no absolute path, and no symbolic link (of the file or of a folder on
/// the way) that leads out. Plugins are started without a shell, so this path is exactly what runs.
/// </summary>
public sealed class PluginExecutableResolver(IOptions<PluginOptions> options, DataDirectory data)
{
    private const int MaxLinks = 40;

    /// <summary>The plugins folder, absolute (created when missing).</summary>
    public string Root
    {
        get
        {
            var root = Path.GetFullPath(options.Value.Directory, data.Path);
            Directory.CreateDirectory(root);
            return root;
        }
    }

    /// <summary>Why the path cannot name a plugin executable (leaves the folder), or null. The file need not exist yet.</summary>
    public string? CheckPlacement(string? executable) => Place(executable, out _);

    /// <summary>The file to start, or why it cannot be started (outside the folder, missing, not executable).</summary>
    public (string? Path, string? Problem) Resolve(string executable)
    {
        if (Place(executable, out var path) is { } problem)
        {
            return (null, problem);
        }

        if (Directory.Exists(path))
        {
            return (null, $"“{executable}” is a folder, not a file: name the executable inside it.");
        }

        if (!File.Exists(path))
        {
            return (null, $"“{executable}” does not exist in the plugins folder ({Root}).");
        }

        if (!OperatingSystem.IsWindows() &&
            (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
        {
            return (null, $"“{executable}” is not executable: set its execute permission (chmod +x).");
        }

        return (path, null);
    }

    private string? Place(string? executable, out string path)
    {
        path = "";
        if (string.IsNullOrWhiteSpace(executable))
        {
            return "Enter the executable's path inside the plugins folder, e.g. report-sync/run.sh.";
        }

        if (executable.Length > 400 || executable.Contains('\0', StringComparison.Ordinal) || executable.Any(char.IsControl))
        {
            return "The path is too long or holds control characters.";
        }

        if (Path.IsPathRooted(executable) || executable.StartsWith('~'))
        {
            return $"Give the path relative to the plugins folder ({Root}), not an absolute one.";
        }

        var segments = executable.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(s => s == ".."))
        {
            return "The path must stay inside the plugins folder: “..” is not allowed.";
        }

        var root = Root;
        path = Path.GetFullPath(Path.Combine(root, Path.Combine(segments)));
        if (!IsInside(path, root))
        {
            return "The path must stay inside the plugins folder.";
        }

        // Symbolic links are followed as the kernel would, and the place they end must still be inside the folder.
        string real;
        try
        {
            real = RealPath(path);
        }
        catch (IOException)
        {
            return "The path goes through too many symbolic links.";
        }

        if (!IsInside(real, RealPath(root)))
        {
            return "The path leads out of the plugins folder through a symbolic link: copy the executable into the folder instead.";
        }

        path = real;
        return null;
    }

    private static bool IsInside(string path, string root) =>
        path.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>The path with every symbolic link on it resolved (the parts that do not exist are kept as they are).</summary>
    private static string RealPath(string path)
    {
        var pending = new List<string>(path.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        var current = Path.GetPathRoot(path) ?? "/";
        var links = 0;
        for (var i = 0; i < pending.Count; i++)
        {
            var part = pending[i];
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Combine(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException("Too many symbolic links.");
            }

            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target) ?? "/";
            }

            pending.InsertRange(i + 1, target.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        }

        return current;
    }
}
