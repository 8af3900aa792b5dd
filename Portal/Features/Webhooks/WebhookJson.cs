using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Notarial.Portal.Features.Webhooks;

/// <summary>
/// Writes webhook bodies exactly as JavaScript's <c>JSON.stringify(JSON.parse(body))</c> gives them back, so seed 003's
/// <c>verifyWebhookSignature(JSON.stringify(req.body), ...)</c> hashes the very bytes we signed: no whitespace, keys in
/// JavaScript's own order (integer-like keys first, ascending), strings escaped only where ECMA-262's QuoteJSONString
/// escapes (lowercase \u00xx, nothing for '&lt;', '&amp;' or non-ASCII), and numbers in Number#toString form.
/// </summary>
public static class WebhookJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
    };

    /// <summary>The event envelope: <c>{"id","type","created","environment","data"}</c>.</summary>
    public static string Envelope(string id, string type, DateTimeOffset created, string environment, object data)
    {
        var text = new StringBuilder(256);
        text.Append("{\"id\":");
        Quote(text, id);
        text.Append(",\"type\":");
        Quote(text, type);
        text.Append(",\"created\":").Append(created.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        text.Append(",\"environment\":");
        Quote(text, environment);
        text.Append(",\"data\":");
        Write(text, JsonSerializer.SerializeToElement(data, Options));
        text.Append('}');
        return text.ToString();
    }

    /// <summary>Any JSON value in JSON.stringify form.</summary>
    public static string Canonical(JsonElement element)
    {
        var text = new StringBuilder();
        Write(text, element);
        return text.ToString();
    }

    private static void Write(StringBuilder text, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                text.Append('{');
                var first = true;
                foreach (var property in OrderLikeJavaScript(element))
                {
                    if (!first)
                    {
                        text.Append(',');
                    }

                    first = false;
                    Quote(text, property.Name);
                    text.Append(':');
                    Write(text, property.Value);
                }

                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (index++ > 0)
                    {
                        text.Append(',');
                    }

                    Write(text, item);
                }

                text.Append(']');
                break;
            case JsonValueKind.String:
                Quote(text, element.GetString()!);
                break;
            case JsonValueKind.Number:
                text.Append(Number(double.Parse(element.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture)));
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            default:
                text.Append("null");
                break;
        }
    }

    /// <summary>
    /// JavaScript objects list array-index keys ("0" to "4294967294") first in ascending order, then the others in the
    /// order they were added; the last of duplicate keys wins, in the first one's place.
    /// </summary>
    private static IEnumerable<JsonProperty> OrderLikeJavaScript(JsonElement element)
    {
        var properties = new List<JsonProperty>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (positions.TryGetValue(property.Name, out var at))
            {
                properties[at] = property;
            }
            else
            {
                positions[property.Name] = properties.Count;
                properties.Add(property);
            }
        }

        var indexes = properties.Where(p => ArrayIndex(p.Name) is not null).OrderBy(p => ArrayIndex(p.Name));
        return indexes.Concat(properties.Where(p => ArrayIndex(p.Name) is null)).ToList();
    }

    private static uint? ArrayIndex(string key) =>
        key.Length is > 0 and <= 10 && (key == "0" || key[0] != '0') && key.All(char.IsAsciiDigit) &&
        ulong.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value < uint.MaxValue
            ? (uint)value
            : null;

    /// <summary>ECMA-262 QuoteJSONString.</summary>
    public static void Quote(StringBuilder text, string value)
    {
        text.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case '\b':
                    text.Append("\\b");
                    break;
                case '\f':
                    text.Append("\\f");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                default:
                    if (c < ' ')
                    {
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        text.Append(c).Append(value[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        text.Append('"');
    }

    /// <summary>ECMA-262 Number::toString(x) for a finite double, from .NET's shortest round-trip digits.</summary>
    public static string Number(double value)
    {
        if (!double.IsFinite(value))
        {
            return "null";
        }

        if (value == 0)
        {
            return "0";
        }

        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = shortest.IndexOfAny(['E', 'e']);
        var mantissa = exponentAt < 0 ? shortest : shortest[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(shortest[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var n = (point < 0 ? mantissa.Length : point) + exponent;
        var leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits.TrimStart('0');
        n -= leading;
        digits = digits.TrimEnd('0');
        var k = digits.Length;

        var result = new StringBuilder(value < 0 ? "-" : "");
        if (k <= n && n <= 21)
        {
            result.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            result.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            result.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            var e = n - 1;
            result.Append(digits[0]);
            if (k > 1)
            {
                result.Append('.').Append(digits, 1, k - 1);
            }

            result.Append('e').Append(e < 0 ? '-' : '+').Append(Math.Abs(e).ToString(CultureInfo.InvariantCulture));
        }

        return result.ToString();
    }
}
