using System.Text.Encodings.Web;

namespace Notarial.Portal.Server.OAuth;

/// <summary>
/// The page a person sees when an application sends them here with a request that cannot be trusted (unknown client,
/// unregistered redirect URI...): the error is explained here and the browser is never sent back to the application.
/// </summary>
public static class OAuthErrorPage
{
    public static Task WriteAsync(HttpResponse response, string error, string? description)
    {
        var encoder = HtmlEncoder.Default;
        response.StatusCode = StatusCodes.Status400BadRequest;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        return response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>Sign-in request refused · Notarial Developer Portal</title><link rel="stylesheet" href="/assets/site.css" /></head>
            <body class="np-light"><main style="max-width:36rem;margin:4rem auto;padding:0 1rem;font-family:Roboto,Segoe UI,Helvetica,Arial,sans-serif">
            <h1>This sign-in request was refused</h1>
            <p>The application that sent you here made a request the Notarial Developer Portal cannot accept, so you were not
            sent back to it. If you are its developer, check its client id and registered redirect URIs.</p>
            <p><strong>{{encoder.Encode(error)}}</strong>: {{encoder.Encode(description ?? "")}}</p>
            <p><a href="/">Go to the portal</a></p></main></body></html>
            """, response.HttpContext.RequestAborted);
    }
}
