using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Notarial.Portal.Tests.Infrastructure;

/// <summary>
/// Drives the static server-rendered forms over HTTP as a browser would: GET the page, keep its hidden fields (the
/// antiforgery token and Blazor's form name), fill in the visible ones, POST.
/// </summary>
public static class HtmlForms
{
    private static readonly HtmlParser Parser = new();

    public static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);

    /// <summary>Submits the Blazor form named <paramref name="formName"/> (its FormName) on <paramref name="pageUrl"/>.</summary>
    public static Task<HttpResponseMessage> SubmitFormAsync(this HttpClient client, string pageUrl, string formName, IReadOnlyDictionary<string, string> fields) =>
        client.SubmitFormAsync(pageUrl, f => f.QuerySelector($"input[name=_handler][value='{formName}']") is not null, fields, formName);

    /// <summary>Submits the plain form on <paramref name="pageUrl"/> that posts to <paramref name="action"/>.</summary>
    public static Task<HttpResponseMessage> SubmitFormToAsync(this HttpClient client, string pageUrl, string action, IReadOnlyDictionary<string, string>? fields = null) =>
        client.SubmitFormAsync(pageUrl, f => f.GetAttribute("action") == action, fields ?? new Dictionary<string, string>(), action);

    private static async Task<HttpResponseMessage> SubmitFormAsync(this HttpClient client, string pageUrl, Func<IHtmlFormElement, bool> select, IReadOnlyDictionary<string, string> fields, string description)
    {
        var page = await client.GetAsync(pageUrl);
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        var document = Parse(await page.Content.ReadAsStringAsync());
        var form = document.Forms.FirstOrDefault(select)
            ?? throw new InvalidOperationException($"No form '{description}' on {pageUrl}");

        var values = new Dictionary<string, string>();
        foreach (var input in form.QuerySelectorAll("input").OfType<IHtmlInputElement>())
        {
            if (!string.IsNullOrEmpty(input.Name) && input.Type == "hidden")
            {
                values[input.Name] = input.Value;
            }
        }

        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? pageUrl : form.GetAttribute("action")!;
        return await client.PostAsync(action, new FormUrlEncodedContent(values));
    }

    /// <summary>Signs the client in with the sign-in form; asserts the redirect that means success.</summary>
    public static async Task SignInAsync(this HttpClient client, TestUser user)
    {
        var response = await client.SubmitFormAsync("account/login", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = user.Email,
            ["Input.Password"] = user.Password,
        });
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
        {
            Assert.Fail($"Sign-in of {user.Email} answered {(int)response.StatusCode}: {string.Join(" | ", await MessagesAsync(response))}");
        }
    }

    /// <summary>The text of the validation messages next to fields, and of alerts, on a rendered form page.</summary>
    public static async Task<IReadOnlyList<string>> MessagesAsync(HttpResponseMessage response)
    {
        var document = Parse(await response.Content.ReadAsStringAsync());
        return document.QuerySelectorAll(".validation-message, .np-field-message, [role=alert]")
            .Select(e => e.TextContent.Trim())
            .Where(t => t.Length > 0)
            .ToList();
    }
}
