using System.Text.RegularExpressions;

namespace Notarial.Portal.Features.Plugins;

/// <summary>
/// The environment a plugin starts with: its three variables, PATH, HOME and LANG from the portal's environment, and
/// the variables an admin listed by name — nothing else of the portal's environment (its connection strings, keys and
/// settings stay with it).
/// </summary>
public static partial class PluginEnvironment
{
    public const string ClientId = "OAUTH_CLIENT_ID";
    public const string ClientSecret = "OAUTH_CLIENT_SECRET";
    public const string ApiBaseUrl = "API_BASE_URL";

    /// <summary>Passed on from the portal's environment to every plugin.</summary>
    public static IReadOnlyList<string> Inherited { get; } = ["PATH", "HOME", "LANG"];

    /// <summary>The three a plugin receives from the system; an admin cannot list them.</summary>
    public static IReadOnlyList<string> Provided { get; } = [ClientId, ClientSecret, ApiBaseUrl];

    public static bool IsValidName(string name) => Name().IsMatch(name);

    public static Dictionary<string, string> Build(string clientId, string clientSecret, string apiBaseUrl, IEnumerable<string> passVariables,
        Func<string, string?> read)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Inherited.Concat(passVariables).Where(n => !Provided.Contains(n, StringComparer.Ordinal)))
        {
            if (read(name) is { } value)
            {
                environment[name] = value;
            }
        }

        environment[ClientId] = clientId;
        environment[ClientSecret] = clientSecret;
        environment[ApiBaseUrl] = apiBaseUrl;
        return environment;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex Name();
}
