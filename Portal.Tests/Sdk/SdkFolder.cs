namespace Notarial.Portal.Tests.Sdk;

/// <summary>The repository's <c>sdk/</c> folder (the OpenAPI document and the SDKs), found above the test's build output.</summary>
public static class SdkFolder
{
    public static string Path { get; } = Find();

    public static string OpenApiDocument => System.IO.Path.Combine(Path, "openapi.json");

    public static string TypeScript => System.IO.Path.Combine(Path, "typescript");

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = System.IO.Path.Combine(directory.FullName, "sdk");
            if (File.Exists(System.IO.Path.Combine(candidate, "openapi.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("sdk/openapi.json was not found above " + AppContext.BaseDirectory);
    }
}
