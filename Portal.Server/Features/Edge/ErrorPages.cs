using System.Text.Encodings.Web;

namespace Notarial.Portal.Server.Features.Edge;

/// <summary>
/// A small self-contained HTML page for errors that cannot be re-rendered by the Blazor router (a failed form post, an
/// exception): re-executing a POST into a page endpoint would be taken for another form submission.
/// </summary>
public static class ErrorPages
{
    public static async Task WriteAsync(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var (title, message) = status switch
        {
            400 => ("The request could not be processed", "The form may have expired. Go back, reload the page and try again."),
            403 => ("You do not have access to this page", "If you think you should, ask an administrator."),
            404 => ("This page does not exist", "The address may be mistyped, or the page moved."),
            405 => ("This action is not available here", "Go back and use the page's own buttons."),
            >= 500 => ("Something went wrong on our side", "The problem was logged. Try again in a moment."),
            _ => ("The request could not be processed", "Go back and try again."),
        };

        var encoder = HtmlEncoder.Default;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>{{encoder.Encode(title)}} · Notarial Developer Portal</title><link rel="stylesheet" href="/assets/site.css" /></head>
            <body class="np-light"><main style="max-width:36rem;margin:4rem auto;padding:0 1rem;font-family:Roboto,Segoe UI,Helvetica,Arial,sans-serif">
            <h1>{{encoder.Encode(title)}}</h1><p>{{encoder.Encode(message)}}</p>
            <p style="color:#52606d;font-size:.875rem">Status {{status}} · request id <code>{{encoder.Encode(context.TraceIdentifier)}}</code></p>
            <p><a href="/">Go to the dashboard</a></p></main></body></html>
            """, context.RequestAborted);
    }
}
