using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using Notarial.Portal.Server.Features.Api;

namespace Notarial.Portal.Server.Features.Edge;

public static partial class EdgeExtensions
{
    public static IServiceCollection AddPortalEdge(this IServiceCollection services)
    {
        services.AddOptions<EdgeOptions>().BindConfiguration(EdgeOptions.Section);
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
        });
        return services;
    }

    /// <summary>
    /// The outer pipeline: request id, security headers, https, and errors — JSON envelopes for machine paths, pages for
    /// people. API and OAuth paths never get an HTML page (the template's status-code re-execution is for pages only).
    /// </summary>
    public static WebApplication UsePortalEdge(this WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<SecurityHeadersMiddleware>();

        var options = app.Services.GetRequiredService<IOptions<EdgeOptions>>().Value;
        if (options.RequireHttps ?? !app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Notarial.Portal.Errors");
        app.UseWhen(context => PortalPaths.IsApi(context.Request.Path), api =>
        {
            api.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandler = async context =>
                {
                    var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                    if (error is BadHttpRequestException bad)
                    {
                        // What the client sent was wrong (body too large, malformed form...): a 4xx, not a 500.
                        context.Response.StatusCode = bad.StatusCode;
                        await ApiErrors.WriteAsync(context, bad.StatusCode, ApiErrorTypes.InvalidRequest,
                            bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "payload_too_large" : "invalid_request", bad.Message);
                        return;
                    }

                    LogUnhandled(logger, error, context.Request.Method, context.Request.Path);
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    await ApiErrors.WriteForStatusAsync(context);
                },
                // The handler above already logged the exception with the request's scope.
                SuppressDiagnosticsCallback = _ => true,
            });
            api.UseStatusCodePages(context => ApiErrors.WriteForStatusAsync(context.HttpContext));
        });
        app.UseWhen(context => !PortalPaths.IsApi(context.Request.Path), pages =>
        {
            if (!app.Environment.IsDevelopment())
            {
                pages.UseExceptionHandler(new ExceptionHandlerOptions
                {
                    ExceptionHandler = ErrorPages.WriteAsync,
                    StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
                });
            }

            // Error statuses of GET requests are re-rendered by the portal's status page; anything
            // that was not a GET, get the small static error page.
            pages.UseWhen(context => HttpMethods.IsGet(context.Request.Method), get => get.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true));
            pages.UseStatusCodePages(context => ErrorPages.WriteAsync(context.HttpContext));
        });

        // Explicit, after the error handling above, so that a re-executed request is routed again.
        app.UseRouting();
        return app;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception? exception, string method, string path);
}
