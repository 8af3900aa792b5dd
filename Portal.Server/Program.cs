using Notarial.Portal.Components;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.ApiKeys;
using Notarial.Portal.Features.Applications;
using Notarial.Portal.Features.Mail;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Server.Features.Accounts;
using Notarial.Portal.Server.Features.ApiKeys;
using Notarial.Portal.Server.Features.Applications;
using Notarial.Portal.Server.Features.Docs;
using Notarial.Portal.Server.Features.Edge;
using Notarial.Portal.Server.Features.Health;
using Notarial.Portal.Server.Features.Imports;
using Notarial.Portal.Server.Features.Orders;
using Notarial.Portal.Server.Features.Platform;
using Notarial.Portal.Server.Features.Products;
using Notarial.Portal.Server.Features.Query;
using Notarial.Portal.Server.Hosting;
using Notarial.Portal.Server.OAuth;

var builder = WebApplication.CreateBuilder(args);
builder.AddRootDevelopmentSettings();
builder.AddPortalLogging();

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddPortalData(builder.Configuration);
builder.Services.AddPortalDataProtection();
builder.Services.AddMail();
builder.Services.AddAccounts();
builder.Services.AddPlatformAuthentication();
builder.Services.AddPlatformData();
builder.Services.AddOAuthServer(builder.Configuration, builder.Environment);
builder.Services.AddApiKeys().AddApiKeyAuthentication();
builder.Services.AddPlatformOpenApi();
builder.Services.AddQueryApi();
builder.Services.AddApplications();
builder.Services.AddPortalUi();
builder.Services.AddPortalEdge();
builder.Services.AddPortalHealthChecks();

var app = builder.Build();

app.UsePortalEdge();
app.UseBrandAssets();
app.UseTokenEndpointGuard();
app.UseAuthentication();
app.UsePlatformPipeline();
app.UseAuthorization();
app.UseAntiforgery();

app.MapHealthEndpoints();
app.MapAccountEndpoints();
app.MapPlatformEndpoints();
app.MapOrderEndpoints();
app.MapRecordEndpoints();
app.MapProductEndpoints();
app.MapQueryEndpoints();
app.MapImportEndpoints();
app.MapOAuthEndpoints();
app.MapApiKeyEndpoints();
app.MapPlatformOpenApi();
app.MapApplicationEndpoints();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();
