using System.Globalization;
using System.Text.Json;
using Notarial.Portal.Features.Platform;

namespace Notarial.Portal.Server.Features.Api;

/// <summary>
/// Reads a request's JSON object field by field, so a wrong type becomes a clear field error (422) instead of a failed
/// binding, and a field left out is told apart from a null (partial updates).
/// </summary>
public sealed class JsonBody
{
    public const int MaxBytes = 1 << 20;

    private readonly JsonElement _root;
    private readonly List<FieldProblem> _problems = [];

    private JsonBody(JsonElement root) => _root = root;

    public IReadOnlyList<FieldProblem> Problems => _problems;

    /// <summary>The body as a JSON object, or the reason it is not one.</summary>
    public static async Task<(JsonBody? Body, string? Error)> ReadAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, $"The body is larger than {MaxBytes / 1024} kB.");
        }

        if (!request.HasJsonContentType())
        {
            return (null, "Send a JSON body with Content-Type: application/json.");
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, default, request.HttpContext.RequestAborted);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (new JsonBody(document.RootElement.Clone()), null)
                : (null, "The body must be a JSON object.");
        }
        catch (JsonException exception)
        {
            return (null, $"The body is not valid JSON ({exception.Message.Split('.')[0]}).");
        }
    }

    public Optional<string?> String(string name)
    {
        if (!_root.TryGetProperty(name, out var value))
        {
            return Optional<string?>.Absent;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString();
            case JsonValueKind.Null:
                return (string?)null;
            default:
                _problems.Add(new FieldProblem(name, "Must be a string."));
                return Optional<string?>.Absent;
        }
    }

    public Optional<decimal> Decimal(string name)
    {
        if (!_root.TryGetProperty(name, out var value))
        {
            return Optional<decimal>.Absent;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String && decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        _problems.Add(new FieldProblem(name, "Must be a number."));
        return Optional<decimal>.Absent;
    }

    /// <summary>A JSON object (null reads as absent); anything else is a field problem.</summary>
    public JsonElement? Object(string name)
    {
        if (!_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            return value;
        }

        _problems.Add(new FieldProblem(name, "Must be a JSON object."));
        return null;
    }

    /// <summary>A whole number (a JSON number without a fraction).</summary>
    public Optional<long> WholeNumber(string name)
    {
        if (!_root.TryGetProperty(name, out var value))
        {
            return Optional<long>.Absent;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            return number;
        }

        _problems.Add(new FieldProblem(name, "Must be a whole number."));
        return Optional<long>.Absent;
    }

    public Optional<DateTimeOffset?> DateTime(string name)
    {
        if (!_root.TryGetProperty(name, out var value))
        {
            return Optional<DateTimeOffset?>.Absent;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return (DateTimeOffset?)null;
        }

        if (value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }

        _problems.Add(new FieldProblem(name, "Must be an ISO 8601 date and time, e.g. 2026-11-23T10:00:00Z."));
        return Optional<DateTimeOffset?>.Absent;
    }

    public Optional<bool?> Boolean(string name)
    {
        if (!_root.TryGetProperty(name, out var value))
        {
            return Optional<bool?>.Absent;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.True or JsonValueKind.False:
                return value.GetBoolean();
            case JsonValueKind.Null:
                return (bool?)null;
            default:
                _problems.Add(new FieldProblem(name, "Must be true or false."));
                return Optional<bool?>.Absent;
        }
    }

    /// <summary>An array of strings (null items kept, so the validation can point at them); null reads as an empty list.</summary>
    public Optional<IReadOnlyList<string?>> StringList(string name, int maxItems = 100)
    {
        if (!_root.TryGetProperty(name, out var value))
        {
            return Optional<IReadOnlyList<string?>>.Absent;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return new Optional<IReadOnlyList<string?>>(true, []);
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            _problems.Add(new FieldProblem(name, "Must be an array of strings."));
            return Optional<IReadOnlyList<string?>>.Absent;
        }

        if (value.GetArrayLength() > maxItems)
        {
            _problems.Add(new FieldProblem(name, $"At most {maxItems} items."));
            return Optional<IReadOnlyList<string?>>.Absent;
        }

        var items = new List<string?>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind is JsonValueKind.String or JsonValueKind.Null)
            {
                items.Add(item.GetString());
            }
            else
            {
                _problems.Add(new FieldProblem($"{name}[{index}]", "Must be a string."));
            }

            index++;
        }

        return new Optional<IReadOnlyList<string?>>(true, items);
    }

    /// <summary>A problem a caller found in a field it reads itself (a nested shape this class does not know).</summary>
    public void AddProblem(string field, string message) => _problems.Add(new FieldProblem(field, message));

    /// <summary>Fields the resource does not have are refused, so a typo does not silently do nothing.</summary>
    public void RejectUnknown(IReadOnlyCollection<string> known)
    {
        foreach (var property in _root.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                _problems.Add(new FieldProblem(property.Name, "Unknown field."));
            }
        }
    }
}
