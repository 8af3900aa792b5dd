using System.Text;
using System.Text.RegularExpressions;
using Notarial.Portal.Data;

namespace Notarial.Portal.Features.Mail;

/// <summary>A message read back from the pickup folder (for /dev/mail and tests).</summary>
public sealed record PickedUpMail(string Id, DateTimeOffset Written, string To, string Subject, string TextBody, IReadOnlyList<string> Links);

/// <summary>Reads the .eml files that <see cref="PickupFolderMailSender"/> wrote, newest first.</summary>
public sealed partial class MailPickupFolder(DataDirectory dataDirectory)
{
    public IReadOnlyList<PickedUpMail> List(int max = 100)
    {
        var folder = dataDirectory.Folder(PickupFolderMailSender.FolderName);
        return new DirectoryInfo(folder).GetFiles("*.eml")
            .OrderByDescending(f => f.Name, StringComparer.Ordinal)
            .Take(max)
            .Select(Read)
            .ToList();
    }

    public PickedUpMail? Find(string id)
    {
        if (!SafeId().IsMatch(id))
        {
            return null;
        }

        var file = new FileInfo(Path.Combine(dataDirectory.Folder(PickupFolderMailSender.FolderName), id + ".eml"));
        return file.Exists ? Read(file) : null;
    }

    private static PickedUpMail Read(FileInfo file) => Parse(Path.GetFileNameWithoutExtension(file.Name), file.LastWriteTimeUtc, File.ReadAllText(file.FullName, Encoding.UTF8));

    /// <summary>Parses the format <see cref="MimeMessageWriter"/> writes: headers, then parts split by the boundary.</summary>
    public static PickedUpMail Parse(string id, DateTime written, string content)
    {
        var headerEnd = content.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = headerEnd < 0 ? content : content[..headerEnd];
        string Header(string name) =>
            headers.Split("\r\n").FirstOrDefault(l => l.StartsWith(name + ": ", StringComparison.OrdinalIgnoreCase))?[(name.Length + 2)..] ?? "";

        var text = "";
        var boundaryMatch = BoundaryPattern().Match(headers);
        if (boundaryMatch.Success)
        {
            foreach (var part in content.Split("--" + boundaryMatch.Groups[1].Value))
            {
                if (part.Contains("Content-Type: text/plain", StringComparison.OrdinalIgnoreCase))
                {
                    var bodyStart = part.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                    text = bodyStart < 0 ? "" : part[(bodyStart + 4)..].Trim();
                }
            }
        }

        var links = LinkPattern().Matches(text).Select(m => m.Value).Distinct().ToList();
        return new PickedUpMail(id, new DateTimeOffset(written, TimeSpan.Zero), Header("To").Trim('<', '>'), DecodeWord(Header("Subject")), text, links);
    }

    private static string DecodeWord(string value)
    {
        var match = EncodedWordPattern().Match(value);
        return match.Success ? Encoding.UTF8.GetString(Convert.FromBase64String(match.Groups[1].Value)) : value;
    }

    [GeneratedRegex("^[0-9A-Za-z-]{1,80}$")]
    private static partial Regex SafeId();

    [GeneratedRegex("boundary=\"([^\"]+)\"")]
    private static partial Regex BoundaryPattern();

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"^=\?utf-8\?B\?([A-Za-z0-9+/=]+)\?=$", RegexOptions.IgnoreCase)]
    private static partial Regex EncodedWordPattern();
}
