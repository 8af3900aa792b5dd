using System.Globalization;
using Notarial.Portal.Features.Audit;

namespace Notarial.Portal.Features.Usage;

/// <summary>The audit viewer's filters; also the query string of its CSV export (<see cref="ToQueryString"/>).</summary>
public sealed record AuditFilter
{
    public UsageCredential? Credential { get; init; }

    /// <summary>An exact status ("429") or a class ("4xx").</summary>
    public string? Status { get; init; }

    public string? ErrorCode { get; init; }

    /// <summary>Part of the path.</summary>
    public string? Path { get; init; }

    public string? IpAddress { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public (int Min, int Max)? StatusRange
    {
        get
        {
            var status = Status?.Trim().ToLowerInvariant();
            if (string.IsNullOrEmpty(status))
            {
                return null;
            }

            if (status.Length == 3 && status.EndsWith("xx", StringComparison.Ordinal) && char.IsAsciiDigit(status[0]))
            {
                var hundreds = (status[0] - '0') * 100;
                return (hundreds, hundreds + 99);
            }

            return int.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out var exact) ? (exact, exact) : (-1, -1);
        }
    }

    public string ToQueryString()
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("credential", Credential?.ToString());
        Add("status", Status);
        Add("code", ErrorCode);
        Add("path", Path);
        Add("ip", IpAddress);
        Add("from", From?.ToString("O", CultureInfo.InvariantCulture));
        Add("to", To?.ToString("O", CultureInfo.InvariantCulture));
        return string.Join("&", parts);
    }

    public static AuditFilter FromQuery(Func<string, string?> read)
    {
        static DateTimeOffset? Time(string? value) =>
            DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

        return new AuditFilter
        {
            Credential = UsageCredential.Parse(read("credential")),
            Status = read("status"),
            ErrorCode = read("code"),
            Path = read("path"),
            IpAddress = read("ip"),
            From = Time(read("from")),
            To = Time(read("to")),
        };
    }
}
