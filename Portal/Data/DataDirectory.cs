using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Notarial.Portal.Data;

/// <summary>The resolved, existing data directory (SQLite file, mail pickup folder, key ring).</summary>
public sealed class DataDirectory
{
    public DataDirectory(IOptions<PortalOptions> options, IHostEnvironment environment)
        : this(System.IO.Path.GetFullPath(options.Value.DataDirectory, environment.ContentRootPath))
    {
    }

    public DataDirectory(string path)
    {
        Path = path;
        Directory.CreateDirectory(path);
    }

    public string Path { get; }

    /// <summary>A sub-folder of the data directory, created when missing.</summary>
    public string Folder(string name)
    {
        var folder = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
