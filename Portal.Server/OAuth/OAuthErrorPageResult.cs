using System.Text.Encodings.Web;

namespace Notarial.Portal.Server.OAuth;

/// <summary>
/// The page a person sees when an application sends them here with a request that cannot be trusted (unknown client,
/// unregistered redirect URI...): the error is explained here and the browser is never sent back to the application.
/// </summary>
public sealed class OAuthErrorPageResult(string error, string description) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var encoder = HtmlEncoder.Default;
        httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        httpContext.Response.ContentType = "text/html; charset=utf-8";
        httpContext.Response.Headers.CacheControl = "no-store";
        await httpContext.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>Sign-in request refused · Notarial Developer Portal</title><link rel="stylesheet" href="/assets/site.css" /></head>
            <body class="np-light"><main style="max-width:36rem;margin:4rem auto;padding:0 1rem;font-family:Roboto,Segoe UI,Helvetica,Arial,sans-serif">
            <h1>This sign-in request was refused</h1>
            <p>The application that sent you here made a request the Notarial Developer Portal cannot accept, so you were not
            sent back to it. If you are its developer, check its client id and registered redirect URIs.</p>
            <p><strong>{{encoder.Encode(error)}}</strong>: {{encoder.Encode(description)}}</p>
            <p><a href="/">Go to the portal</a></p></main></body></html>
            """, httpContext.RequestAborted);
    }
}

public static class OAuthErrorPageResultExtensions
{
    public static IResult OAuthErrorPage(this IResultExtensions _, string error, string description) => new OAuthErrorPageResult(error, description);
}
