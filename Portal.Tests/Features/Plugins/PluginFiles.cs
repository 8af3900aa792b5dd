using System.Text.Json;

namespace Notarial.Portal.Tests.Features.Plugins;

/// <summary>What one start of the probe plugin saw and did.</summary>
public sealed record ProbeRecord(int Pid, Dictionary<string, string> Env, int? TokenStatus, int? QueryStatus, string? QueryBody, string? Error)
{
    public string Secret => Env["OAUTH_CLIENT_SECRET"];
}

/// <summary>
/// Plugin executables written into a plugins folder for tests: a node probe that records its environment, gets a
/// client-credentials token with the three variables and calls the Query API, then stays up (optionally ignoring
/// SIGTERM); a shell script that exits at once; one that floods its output.
/// </summary>
public static class PluginFiles
{
    private const string Probe = """
        #!/usr/bin/env node
        const fs = require('fs');
        const [out, mode] = process.argv.slice(2);
        if (mode === 'ignore-term') process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
        async function main() {
          const record = { pid: process.pid, env: { ...process.env }, tokenStatus: null, queryStatus: null, queryBody: null, error: null };
          try {
            const base = process.env.API_BASE_URL;
            const res = await fetch(`${base}/auth/oauth/token`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams({ grant_type: 'client_credentials', client_id: process.env.OAUTH_CLIENT_ID,
                client_secret: process.env.OAUTH_CLIENT_SECRET, scope: 'read' }),
            });
            record.tokenStatus = res.status;
            const tokens = await res.json();
            console.log('got access_token=' + tokens.access_token);
            console.log('using secret ' + process.env.OAUTH_CLIENT_SECRET);
            const query = await fetch(`${base}/api/query`, {
              method: 'POST',
              headers: { Authorization: `Bearer ${tokens.access_token}`, 'Content-Type': 'application/json' },
              body: JSON.stringify({ query: 'products { id, name }' }),
            });
            record.queryStatus = query.status;
            record.queryBody = await query.text();
          } catch (e) {
            record.error = String(e);
          }
          fs.appendFileSync(out, JSON.stringify(record) + '\n');
          console.error('probe ' + process.pid + ' done');
        }
        main().then(() => setInterval(() => {}, 1 << 30));
        """;

    public static string WriteProbe(string folder, string name) => Write(folder, name, Probe);

    public static string WriteExitAtOnce(string folder, string name) =>
        Write(folder, name, "#!/bin/sh\necho \"starting with client_secret=$OAUTH_CLIENT_SECRET\"\necho 'giving up' >&2\nexit 3\n");

    public static string WriteFlood(string folder, string name) =>
        Write(folder, name, "#!/bin/sh\nhead -c 3000000 /dev/zero | tr '\\000' x\necho\nseq 1 20000\nexec sleep 600\n");

    public static string Write(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.Replace("\r\n", "\n", StringComparison.Ordinal));
        SetExecutable(path, true);
        return path;
    }

    public static void SetExecutable(string path, bool executable)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | (executable ? UnixFileMode.UserExecute : UnixFileMode.None));
        }
    }

    public static IReadOnlyList<ProbeRecord> ReadProbe(string file)
    {
        if (!File.Exists(file))
        {
            return [];
        }

        var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
        return [.. File.ReadAllLines(file).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<ProbeRecord>(l, options)!)];
    }
}
