using System.Diagnostics;

namespace Notarial.Portal.Tests.Infrastructure;

/// <summary>Runs JavaScript with the machine's node (test.sh installs it), for checks that must use JavaScript's own behaviour.</summary>
public static class Node
{
    /// <summary>Seed 003's snippet, unchanged, fed the way an Express app with express.json() would feed it.</summary>
    private const string SeedVerification = """
        const crypto = require('crypto');
        const fs = require('fs');

        function verifyWebhookSignature(payload, signature, secret) {
          const expectedSignature = crypto
            .createHmac('sha256', secret)
            .update(payload)
            .digest('hex');

          return crypto.timingSafeEqual(
            Buffer.from(signature),
            Buffer.from(expectedSignature)
          );
        }

        // express.json() parses the raw body into req.body.
        const req = {
          body: JSON.parse(fs.readFileSync(process.argv[2], 'utf8')),
          headers: { 'x-webhook-signature': fs.readFileSync(process.argv[3], 'utf8') },
        };
        const WEBHOOK_SECRET = fs.readFileSync(process.argv[4], 'utf8');

        const signature = req.headers['x-webhook-signature'];
        let isValid = false;
        try {
          isValid = verifyWebhookSignature(JSON.stringify(req.body), signature, WEBHOOK_SECRET);
        } catch (e) {
          console.log('threw: ' + e.message);
        }
        console.log(isValid ? 'valid' : 'Invalid signature');
        process.exit(isValid ? 0 : 1);
        """;

    public static async Task<(int ExitCode, string Output)> RunSeedVerificationAsync(byte[] body, string signature, string secret)
    {
        var folder = Directory.CreateTempSubdirectory("notarial-node-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "verify.js"), SeedVerification);
            await File.WriteAllBytesAsync(Path.Combine(folder, "body.json"), body);
            await File.WriteAllTextAsync(Path.Combine(folder, "signature.txt"), signature);
            await File.WriteAllTextAsync(Path.Combine(folder, "secret.txt"), secret);
            return await RunAsync(folder, "verify.js", "body.json", "signature.txt", "secret.txt");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>What <c>JSON.stringify(JSON.parse(text))</c> gives in JavaScript.</summary>
    public static async Task<string> RoundTripAsync(string json)
    {
        var folder = Directory.CreateTempSubdirectory("notarial-node-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "roundtrip.js"),
                "const fs = require('fs'); process.stdout.write(JSON.stringify(JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))));");
            await File.WriteAllTextAsync(Path.Combine(folder, "input.json"), json, new System.Text.UTF8Encoding(false));
            var (exit, output) = await RunAsync(folder, "roundtrip.js", "input.json");
            Assert.True(exit == 0, output);
            return output;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("NODE_PATH_BINARY") ?? "node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(Path.Combine(folder, argument));
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started: install it (test.sh does).");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
