using System.Net;
using Notarial.Portal.Features.Platform;

namespace Notarial.Portal.Features.Webhooks;

/// <summary>The checks an endpoint's fields pass before it is saved; each problem names its field.</summary>
public static class WebhookRules
{
    public const int MaxUrlLength = 2000;
    public const int MaxDescriptionLength = 500;

    public static Uri? Url(string? value, WebhookOptions options, List<FieldProblem> problems)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            problems.Add(new FieldProblem(WebhookFields.Url, "Enter the URL that receives the events, such as https://example.com/webhooks/notarial."));
            return null;
        }

        if (text.Length > MaxUrlLength)
        {
            problems.Add(new FieldProblem(WebhookFields.Url, $"Use at most {MaxUrlLength} characters."));
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.Host.Length == 0)
        {
            problems.Add(new FieldProblem(WebhookFields.Url, "Enter an absolute https:// URL."));
            return null;
        }

        if (uri.UserInfo.Length > 0)
        {
            problems.Add(new FieldProblem(WebhookFields.Url, "Leave user names and passwords out of the URL: deliveries are authenticated by their signature."));
            return null;
        }

        if (uri.Fragment.Length > 0)
        {
            problems.Add(new FieldProblem(WebhookFields.Url, "Remove the #fragment: it is never sent to a server."));
            return null;
        }

        var loopback = IsLoopbackHost(uri);
        if (uri.Scheme == Uri.UriSchemeHttp && !(loopback && options.AllowLoopback))
        {
            problems.Add(new FieldProblem(WebhookFields.Url, "Use https://. Plain http is only for loopback addresses, where the server allows them."));
            return null;
        }

        if (loopback && !options.AllowLoopback)
        {
            problems.Add(new FieldProblem(WebhookFields.Url, "This server does not send to loopback addresses: use a public https URL."));
            return null;
        }

        if (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address) && !loopback &&
            WebhookDestinationPolicy.Refusal(address, options) is { } refusal)
        {
            problems.Add(new FieldProblem(WebhookFields.Url, $"This server does not send to {refusal} addresses: use a public URL."));
            return null;
        }

        return uri;
    }

    public static string? Description(string? value, List<FieldProblem> problems)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (text is { Length: > MaxDescriptionLength })
        {
            problems.Add(new FieldProblem(WebhookFields.Description, $"Use at most {MaxDescriptionLength} characters."));
        }

        return text;
    }

    /// <summary>The subscribed events in catalog order, or null with a problem.</summary>
    public static IReadOnlyList<string>? Events(IReadOnlyCollection<string>? values, List<FieldProblem> problems)
    {
        if (values is null || values.Count == 0)
        {
            problems.Add(new FieldProblem(WebhookFields.Events, "Pick at least one event."));
            return null;
        }

        var unknown = values.Where(v => !WebhookEventTypes.IsKnown(v)).ToList();
        if (unknown.Count > 0)
        {
            problems.Add(new FieldProblem(WebhookFields.Events,
                $"Unknown event(s): {string.Join(", ", unknown)}. The events are: {string.Join(", ", WebhookEventTypes.All.Select(t => t.Name))}."));
            return null;
        }

        return [.. WebhookEventTypes.All.Select(t => t.Name).Where(values.Contains)];
    }

    public static string? Environment(string? value, List<FieldProblem> problems)
    {
        if (value is PlatformEnvironments.Live or PlatformEnvironments.Test)
        {
            return value;
        }

        problems.Add(new FieldProblem(WebhookFields.Environment, "Pick live or test."));
        return null;
    }

    public static bool IsLoopbackHost(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}

/// <summary>Field names of the API and the forms, so errors land next to the right input.</summary>
public static class WebhookFields
{
    public const string Url = "url";
    public const string Description = "description";
    public const string Events = "events";
    public const string Environment = "environment";
    public const string Grace = "grace";
    public const string Enabled = "enabled";
}
