using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Notarial.Portal.Features.Platform;

/// <summary>Field rules shared by the platform's records; each adds a <see cref="FieldProblem"/> when broken.</summary>
public sealed partial class PlatformValidation
{
    private readonly List<FieldProblem> _problems = [];

    public IReadOnlyList<FieldProblem> Problems => _problems;

    public bool IsValid => _problems.Count == 0;

    public void Add(string field, string message) => _problems.Add(new FieldProblem(field, message));

    public string? Text(string field, Optional<string?> value, int max, bool required, bool multiline = false)
    {
        if (!value.HasValue)
        {
            if (required)
            {
                Add(field, "Required.");
            }

            return null;
        }

        var text = value.Value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                Add(field, "Required.");
            }

            return null;
        }

        if (text.Length > max)
        {
            Add(field, $"At most {max} characters.");
        }
        else if (text.Any(c => char.IsControl(c) && !(multiline && c is '\r' or '\n' or '\t')))
        {
            Add(field, "Control characters are not allowed.");
        }

        return text;
    }

    public string? Email(string field, Optional<string?> value)
    {
        var text = Text(field, value, 256, required: false);
        if (text is not null && !new EmailAddressAttribute().IsValid(text))
        {
            Add(field, "Not a valid email address.");
        }

        return text;
    }

    public string? Currency(string field, Optional<string?> value)
    {
        var text = Text(field, value, 3, required: false)?.ToUpperInvariant();
        if (text is not null && !CurrencyPattern().IsMatch(text))
        {
            Add(field, "A three-letter ISO 4217 code, e.g. EUR.");
        }

        return text;
    }

    /// <summary>A money amount in major units with at most two decimals, returned in minor units.</summary>
    public long? Money(string field, Optional<decimal> value, bool required)
    {
        if (!value.HasValue)
        {
            if (required)
            {
                Add(field, "Required.");
            }

            return null;
        }

        if (value.Value is < 0 or > 1_000_000_000m)
        {
            Add(field, "Between 0 and 1,000,000,000.");
            return null;
        }

        if (decimal.Round(value.Value, 2) != value.Value)
        {
            Add(field, "At most two decimals.");
            return null;
        }

        return (long)(value.Value * 100);
    }

    public TEnum? Enum<TEnum>(string field, Optional<string?> value, bool required)
        where TEnum : struct, System.Enum
    {
        if (!value.HasValue || value.Value is null)
        {
            if (required)
            {
                Add(field, "Required.");
            }

            return null;
        }

        if (System.Enum.TryParse<TEnum>(value.Value, ignoreCase: true, out var parsed) && !int.TryParse(value.Value, out _))
        {
            return parsed;
        }

        Add(field, "One of: " + string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant())) + ".");
        return null;
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();
}
